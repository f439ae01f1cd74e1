import { createHash } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { SubmitCaseCommand } from '@zhuqi/cases';
import { ApiKeyRecord, Open311Links } from '@zhuqi/open311';
import { Clock } from '@zhuqi/platform';
import { Category, ReferenceDataService } from '@zhuqi/reference-data';
import { shanghaiDate } from '@zhuqi/sla';
import { Pool } from 'pg';
import { badRequest, forbidden } from './georeport-errors';
import { ServiceRequestInput } from './service-request-form';

export interface SubmittedRequest {
  caseId: string;
  caseNo: string;
  /** A resubmission (same key, device_id and content on the same day) answered with the first request. */
  replayed: boolean;
}

/**
 * POST requests: the request becomes an ordinary case through the CommandBus (SubmitCaseCommand, channel
 * `online`, actor `open311:<key name>`), then its link to the key is recorded.
 */
@Injectable()
export class ServiceRequestSubmission {
  constructor(
    private readonly commandBus: CommandBus,
    private readonly referenceData: ReferenceDataService,
    private readonly links: Open311Links,
    private readonly clock: Clock,
    @Inject(Pool) private readonly pool: Pool,
  ) {}

  async submit(key: ApiKeyRecord, category: Category, input: ServiceRequestInput, correlationId: string): Promise<SubmittedRequest> {
    const enterpriseId = await this.enterpriseOf(key, input.uscc);
    const now = this.clock.now();
    const result = await this.commandBus.execute(
      new SubmitCaseCommand(
        {
          enterpriseId,
          title: input.title,
          description: input.description,
          channel: 'online',
          categoryCode: category.code,
          urgency: input.urgency,
          contactName: input.contactName,
          contactPhone: input.contactPhone,
        },
        { actor: `open311:${key.name}`, correlationId, causationId: null, idempotencyKey: resubmissionKey(key, category, enterpriseId, input, now) },
      ),
    );
    await this.links.record({
      caseId: result.id,
      caseNo: result.caseNo,
      apiKeyId: key.id,
      enterpriseId,
      deviceId: input.deviceId,
      accountId: input.accountId,
      submittedAt: now,
    });
    return { caseId: result.id, caseNo: result.caseNo, replayed: result.replayed };
  }

  /** An enterprise key speaks for its enterprise; a partner key names the enterprise by attribute[uscc]. */
  private async enterpriseOf(key: ApiKeyRecord, uscc: string | null): Promise<string> {
    if (key.kind === 'enterprise') {
      if (uscc !== null) {
        const own = await this.referenceData.enterprise(key.enterpriseId!);
        if (own?.uscc !== uscc) throw forbidden('This api_key belongs to one enterprise and cannot submit for another (attribute[uscc])');
      }
      return key.enterpriseId!;
    }
    if (uscc === null) throw badRequest('attribute[uscc] was not provided: a partner api_key must name the enterprise by its 统一社会信用代码');
    const { rows } = await this.pool.query<{ id: string }>(`SELECT id FROM enterprises WHERE uscc = $1`, [uscc]);
    if (rows.length === 0) throw badRequest(`No enterprise with 统一社会信用代码 ${uscc} is registered in this zone (attribute[uscc])`);
    return rows[0].id;
  }
}

/**
 * The specification has no idempotency key. A client that sends device_id gets one: the same key, device
 * and content on the same day (Asia/Shanghai) is a resubmission (a flaky network) and answers the first
 * request. Without device_id every POST is a new request.
 */
function resubmissionKey(key: ApiKeyRecord, category: Category, enterpriseId: string, input: ServiceRequestInput, now: Date): string | undefined {
  if (input.deviceId === null) return undefined;
  const content = [input.deviceId, category.code, enterpriseId, input.title, input.description, input.urgency, input.contactName, input.contactPhone, shanghaiDate(now)];
  return `open311:${key.id}:${createHash('sha256').update(JSON.stringify(content)).digest('hex')}`;
}
