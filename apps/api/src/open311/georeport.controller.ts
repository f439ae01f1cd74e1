import { randomUUID } from 'node:crypto';
import { Controller, Get, Param, Post, Req, Res, UseFilters } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { ApiKeyRecord, ApiKeyStore } from '@zhuqi/open311';
import { EnvConfig } from '@zhuqi/platform';
import { ReferenceDataService } from '@zhuqi/reference-data';
import type { Request, Response } from 'express';
import { Public } from '../auth/access.decorators';
import { badRequest, forbidden, notFound } from './georeport-errors';
import { GeoReportErrorFilter } from './georeport-error.filter';
import { formatOf, listDocument, send } from './georeport-format';
import { serviceDefinitionDocument, serviceListDocument, servicePromise } from './service-catalogue';
import { FormFields, isServiceCode, parseServiceRequest, readCredentials, readServiceCode, refuseUnknown } from './service-request-form';
import { ServiceRequestSubmission } from './service-request-submission';
import { serviceRequestsDocument } from './service-request.view';
import { Caller, RequestFilters, ServiceRequestsQuery } from './service-requests.query';
import { parseW3c } from './w3c-datetime';

const SPECIFICATION = 'http://wiki.open311.org/GeoReport_v2';
/** Changes when this interface's services or definitions change shape (Service Discovery's changeset). */
const CHANGESET = '2026-11-26';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const TOKEN = /^ZQ\d{4}-\d{6,9}$/;
const MAX_IDS = 100;
const DAY_MS = 86_400_000;
/** start_date to end_date may not span more than 90 days; without them, the most recent 90 days. */
const MAX_SPAN_MS = 90 * DAY_MS;

/**
 * Open311 GeoReport v2 at /open311/v2 and its Service Discovery at /open311/discovery, every resource in
 * .json and .xml. Public (no staff login): POST authenticates by api_key, the reads are public by the
 * specification and narrowed by the privacy rules of ServiceRequestsQuery.
 */
@Public()
@ApiExcludeController()
@UseFilters(GeoReportErrorFilter)
@Controller('open311')
export class GeoReportController {
  constructor(
    private readonly config: EnvConfig,
    private readonly keys: ApiKeyStore,
    private readonly referenceData: ReferenceDataService,
    private readonly submission: ServiceRequestSubmission,
    private readonly requests: ServiceRequestsQuery,
  ) {}

  @Get('discovery.:format')
  discovery(@Param('format') extension: string, @Req() req: Request, @Res() res: Response): void {
    const format = formatOf(extension);
    refuseUnknown(query(req), []);
    const base = this.config.OPEN311_BASE_URL?.replace(/\/+$/, '') ?? `${req.protocol}://${req.get('host')}`;
    const endpoint = {
      specification: SPECIFICATION,
      url: `${base}/open311/v2`,
      changeset: CHANGESET,
      type: 'production',
      formats: ['text/xml', 'application/json'],
    };
    const about = {
      changeset: CHANGESET,
      contact: '助企 Zhuqi 企业诉求服务：由管委会三服务办受理；接口问题请联系本系统管理员',
      key_service: 'API 密钥（api_key）由本系统管理员为合作系统或企业签发（POST /api/open311-keys），签发时只显示一次',
    };
    send(res, 200, format, {
      json: { ...about, endpoints: [endpoint] },
      xml: { discovery: { ...about, endpoints: { endpoint: [{ ...endpoint, formats: { format: endpoint.formats } }] } } },
    });
  }

  @Get('v2/services.:format')
  async services(@Param('format') extension: string, @Req() req: Request, @Res() res: Response): Promise<void> {
    const format = formatOf(extension);
    await this.commonArguments(req, []);
    const departments = new Map((await this.referenceData.listDepartments()).map((d) => [d.code, d]));
    send(res, 200, format, serviceListDocument(await this.referenceData.listCategories(), departments));
  }

  @Get('v2/services/:code.:format')
  async definition(@Param('code') code: string, @Param('format') extension: string, @Req() req: Request, @Res() res: Response): Promise<void> {
    const format = formatOf(extension);
    await this.commonArguments(req, []);
    send(res, 200, format, serviceDefinitionDocument(await this.category(code)));
  }

  @Post('v2/requests.:format')
  async submit(@Param('format') extension: string, @Req() req: Request, @Res() res: Response): Promise<void> {
    const format = formatOf(extension);
    const contentType = req.headers['content-type']?.split(';')[0].trim().toLowerCase();
    if (contentType !== undefined && contentType !== 'application/x-www-form-urlencoded') {
      throw badRequest('POST requests takes an application/x-www-form-urlencoded body (api_key=…&service_code=…&attribute[code]=…)');
    }
    const body = formBody(req);
    const { apiKey, jurisdictionId } = readCredentials(body, query(req));
    this.checkJurisdiction(jurisdictionId);
    if (apiKey === undefined) throw forbidden('api_key is missing: POST requests needs the api_key issued to your system or enterprise');
    const key = await this.authenticate(apiKey);
    const category = await this.category(readServiceCode(body));
    const input = parseServiceRequest(body, query(req));
    const correlation = req.header('x-correlation-id');
    const correlationId = correlation && /^[\w.:-]{1,100}$/.test(correlation) ? correlation : randomUUID();
    res.setHeader('X-Correlation-Id', correlationId);

    const submitted = await this.submission.submit(key, category, input, correlationId);
    res.setHeader('Location', `/open311/v2/requests/${submitted.caseId}.${format}`);
    if (submitted.replayed) res.setHeader('Idempotent-Replayed', 'true');
    send(
      res,
      submitted.replayed ? 200 : 201,
      format,
      listDocument('service_requests', 'request', [
        {
          service_request_id: submitted.caseId,
          token: submitted.caseNo,
          service_notice: servicePromise(category, input.urgency),
          account_id: input.accountId,
        },
      ]),
    );
  }

  @Get('v2/requests.:format')
  async list(@Param('format') extension: string, @Req() req: Request, @Res() res: Response): Promise<void> {
    const format = formatOf(extension);
    const caller = await this.commonArguments(req, ['service_request_id', 'service_code', 'start_date', 'end_date', 'status']);
    const found = await this.requests.list(requestFilters(query(req), new Date()), caller);
    send(res, 200, format, serviceRequestsDocument(found));
  }

  @Get('v2/requests/:id.:format')
  async one(@Param('id') id: string, @Param('format') extension: string, @Req() req: Request, @Res() res: Response): Promise<void> {
    const format = formatOf(extension);
    const caller = await this.commonArguments(req, []);
    const found = UUID.test(id) ? await this.requests.one(id.toLowerCase(), caller) : undefined;
    if (!found) throw notFound(`service_request_id ${id} was not found`);
    send(res, 200, format, serviceRequestsDocument([found]));
  }

  @Get('v2/tokens/:token.:format')
  async token(@Param('token') token: string, @Param('format') extension: string, @Req() req: Request, @Res() res: Response): Promise<void> {
    const format = formatOf(extension);
    await this.commonArguments(req, []);
    const caseId = TOKEN.test(token) ? await this.requests.caseIdOfToken(token) : undefined;
    if (!caseId) throw notFound(`token ${token} was not found`);
    send(res, 200, format, listDocument('service_requests', 'request', [{ service_request_id: caseId, token }]));
  }

  /** jurisdiction_id (optional: one jurisdiction is served) and, on reads, an optional api_key. */
  private async commonArguments(req: Request, known: string[]): Promise<Caller> {
    const fields = query(req);
    refuseUnknown(fields, known);
    const { apiKey, jurisdictionId } = readCredentials(fields);
    this.checkJurisdiction(jurisdictionId);
    if (apiKey === undefined) return { apiKeyId: null, enterpriseId: null };
    const key = await this.authenticate(apiKey);
    return { apiKeyId: key.id, enterpriseId: key.enterpriseId };
  }

  private checkJurisdiction(jurisdictionId: string | undefined): void {
    if (jurisdictionId !== undefined && jurisdictionId.toLowerCase() !== this.config.OPEN311_JURISDICTION_ID.toLowerCase()) {
      throw notFound(`jurisdiction_id ${jurisdictionId.slice(0, 100)} was not found: this endpoint serves ${this.config.OPEN311_JURISDICTION_ID}`);
    }
  }

  private async authenticate(apiKey: string): Promise<ApiKeyRecord> {
    const key = apiKey.length <= 200 ? await this.keys.authenticate(apiKey) : undefined;
    if (!key) throw forbidden('Invalid api_key: it is unknown or has been revoked');
    return key;
  }

  private async category(code: string) {
    const category = isServiceCode(code) ? await this.referenceData.category(code) : undefined;
    if (!category) throw notFound(`service_code ${code.slice(0, 60)} was not found (GET services lists them)`);
    return category;
  }
}

function query(req: Request): FormFields {
  return (req.query ?? {}) as FormFields;
}

function formBody(req: Request): FormFields {
  const body: unknown = req.body;
  return body && typeof body === 'object' && !Array.isArray(body) ? (body as FormFields) : {};
}

/** The filters of GET requests; service_request_id overrides every other one (the specification). */
export function requestFilters(fields: FormFields, now: Date): RequestFilters {
  const list = (key: string): string[] | undefined => {
    const raw = fields[key];
    if (raw === undefined || raw === '') return undefined;
    const values = (Array.isArray(raw) ? raw : [raw]).flatMap((v) => String(v).split(',')).map((v) => v.trim()).filter(Boolean);
    return values.length ? values : undefined;
  };
  const problems: string[] = [];
  const ids = list('service_request_id');
  if (ids) {
    if (ids.length > MAX_IDS) problems.push(`service_request_id lists more than ${MAX_IDS} ids`);
    const bad = ids.filter((id) => !UUID.test(id));
    if (bad.length) problems.push(`service_request_id ${bad.slice(0, 3).join(', ')} is not a service_request_id`);
    if (problems.length) throw badRequest(problems);
    return { ids: [...new Set(ids.map((id) => id.toLowerCase()))], from: new Date(0), to: now };
  }
  const serviceCodes = list('service_code');
  if (serviceCodes?.some((code) => !isServiceCode(code))) problems.push('service_code must list service codes such as work_safety');
  const statuses = list('status');
  if (statuses?.some((s) => s !== 'open' && s !== 'closed')) problems.push('status must be open, closed or both');
  const date = (key: string): Date | undefined => {
    const raw = fields[key];
    if (raw === undefined || raw === '') return undefined;
    const parsed = typeof raw === 'string' ? parseW3c(raw) : undefined;
    if (!parsed) problems.push(`${key} must be a W3C datetime with its offset, e.g. 2026-01-01T00:00:00+08:00`);
    return parsed;
  };
  const start = date('start_date');
  const end = date('end_date');
  if (start && end && end < start) problems.push('end_date is before start_date');
  if (start && end && end.getTime() - start.getTime() > MAX_SPAN_MS) problems.push('start_date to end_date may not span more than 90 days');
  if (problems.length) throw badRequest(problems);
  const from = start ?? new Date((end ?? now).getTime() - MAX_SPAN_MS);
  const to = end ?? (start ? new Date(start.getTime() + MAX_SPAN_MS) : now);
  return { serviceCodes, statuses: statuses as RequestFilters['statuses'], from, to };
}
