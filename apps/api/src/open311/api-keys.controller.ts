import { Body, Controller, Get, HttpCode, Param, PipeTransform, Post } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { IsIn, IsOptional, IsUUID, Matches } from 'class-validator';
import { API_KEY_KINDS, API_KEY_NAME, ApiKeyKind, ApiKeyNameTaken, ApiKeyRecord, ApiKeyStore } from '@zhuqi/open311';
import { DomainError, InvalidInput, NotFound } from '@zhuqi/platform';
import { ReferenceDataService } from '@zhuqi/reference-data';
import { Roles } from '../auth/access.decorators';
import { CommandMeta } from '../http/command-meta.decorator';

export class IssueApiKeyRequest {
  @ApiProperty({ example: 'zhejiang-banshi', description: 'the holder; events name it as actor open311:<name>' })
  @Matches(API_KEY_NAME, { message: 'name must be 2–56 characters: lowercase letters, digits, . _ - (it becomes the actor open311:<name>)' })
  name: string;

  @ApiProperty({ enum: API_KEY_KINDS, description: 'partner: names the enterprise of each request (attribute[uscc]); enterprise: bound to enterpriseId' })
  @IsIn(API_KEY_KINDS)
  kind: ApiKeyKind;

  @ApiPropertyOptional({ format: 'uuid', description: 'required for kind enterprise, refused for partner' })
  @IsOptional()
  @IsUUID('all')
  enterpriseId?: string;
}

class KeyIdPipe implements PipeTransform<string, string> {
  transform(value: string): string {
    if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(value)) throw new NotFound(`No api key ${value}`);
    return value.toLowerCase();
  }
}

class ApiKeyNameConflict extends DomainError {
  readonly code = 'API_KEY_NAME_TAKEN';
  readonly httpStatus = 409;
}

/** Admin: Open311 api keys. The key is shown once, when issued; only its SHA-256 is stored. */
@ApiTags('open311')
@Roles('admin')
@Controller('open311-keys')
export class ApiKeysController {
  constructor(
    private readonly keys: ApiKeyStore,
    private readonly referenceData: ReferenceDataService,
  ) {}

  /** Issues a key to a partner system or an enterprise; answers it once (`key`), never again. */
  @Post()
  async issue(@Body() body: IssueApiKeyRequest, @CommandMeta() meta: { actor: string }): Promise<ApiKeyRecord & { key: string }> {
    let enterpriseId: string | null = null;
    if (body.kind === 'enterprise') {
      if (!body.enterpriseId) throw new InvalidInput('enterpriseId', 'An enterprise key needs the enterpriseId it is bound to');
      const enterprise = await this.referenceData.enterprise(body.enterpriseId.toLowerCase());
      if (!enterprise) throw new InvalidInput('enterpriseId', `Unknown enterprise "${body.enterpriseId}"`);
      enterpriseId = enterprise.id;
    } else if (body.enterpriseId) {
      throw new InvalidInput('enterpriseId', 'A partner key is not bound to an enterprise: each request names its enterprise (attribute[uscc])');
    }
    try {
      const { record, key } = await this.keys.issue({ name: body.name, kind: body.kind, enterpriseId, createdBy: meta.actor });
      return { ...record, key };
    } catch (error) {
      if (error instanceof ApiKeyNameTaken) throw new ApiKeyNameConflict(error.message);
      throw error;
    }
  }

  @Get()
  async list(): Promise<{ items: ApiKeyRecord[] }> {
    return { items: await this.keys.list() };
  }

  /** Revokes at once: the key answers 403 from now on. Revoking a revoked key changes nothing. */
  @Post(':id/revoke')
  @HttpCode(200)
  async revoke(@Param('id', KeyIdPipe) id: string, @CommandMeta() meta: { actor: string }): Promise<ApiKeyRecord> {
    const record = await this.keys.revoke(id, meta.actor);
    if (!record) throw new NotFound(`No api key ${id}`);
    return record;
  }
}
