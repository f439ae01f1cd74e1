import { Body, Controller, Get, HttpCode, Inject, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { Pool, PoolClient } from 'pg';
import { AccountStore, AccountSummary, AuthenticatedAccount, inTransaction, RequestOrigin, SecurityAudit, SessionStore } from '@zhuqi/accounts';
import { DomainError, InvalidInput, NotFound } from '@zhuqi/platform';
import { ReferenceDataService } from '@zhuqi/reference-data';
import { Roles } from '../auth/access.decorators';
import { CurrentAccount } from '../auth/current-account.decorator';
import { EmptyRequest } from '../cases/case-requests';
import { Origin } from '../http/request-context';
import { CreateAccountRequest, NewPasswordRequest } from './account-requests';

class UsernameTaken extends DomainError {
  readonly code = 'USERNAME_TAKEN';
  readonly httpStatus = 409;
}

class CannotDisableSelf extends DomainError {
  readonly code = 'CANNOT_DISABLE_SELF';
  readonly httpStatus = 409;
}

/** Accounts (admin only): create, disable/enable, set a password. Each change is audited with its admin. */
@ApiTags('accounts')
@ApiBearerAuth()
@Roles('admin')
@Controller('accounts')
export class AccountsController {
  constructor(
    @Inject(Pool) private readonly pool: Pool,
    private readonly accounts: AccountStore,
    private readonly sessions: SessionStore,
    private readonly audit: SecurityAudit,
    private readonly referenceData: ReferenceDataService,
  ) {}

  @Get()
  list(): Promise<AccountSummary[]> {
    return this.accounts.list();
  }

  /** A handler names their department, a grid worker their grids (both must exist). */
  @Post()
  async create(@Body() body: CreateAccountRequest, @CurrentAccount() admin: AuthenticatedAccount, @Origin() origin: RequestOrigin) {
    const departmentCode = body.role === 'handler' ? await this.department(body.departmentCode) : null;
    const gridCodes = body.role === 'grid_worker' ? await this.grids(body.gridCodes) : [];
    if (await this.accounts.usernameTaken(body.username)) throw new UsernameTaken(`The username "${body.username}" is taken`);
    const input = { username: body.username, name: body.name, role: body.role, departmentCode, gridCodes, phone: body.phone ?? '', password: body.password };
    const id = await inTransaction(this.pool, async (client) => {
      const created = await this.accounts.create(client, input).catch((error: { code?: string }) => {
        throw error.code === '23505' ? new UsernameTaken(`The username "${body.username}" is taken`) : error;
      });
      await this.audit.record({ action: 'account.create', outcome: 'ok', actor: admin.username, subject: body.username, origin, detail: { id: created, role: body.role } }, client);
      return created;
    });
    return (await this.accounts.byId(id))!;
  }

  /** Disables an account and ends its logins at once. */
  @Post(':id/disable')
  @HttpCode(200)
  async disable(@Param('id', new ParseUUIDPipe()) id: string, @Body() _body: EmptyRequest, @CurrentAccount() admin: AuthenticatedAccount, @Origin() origin: RequestOrigin) {
    if (id === admin.id) throw new CannotDisableSelf('An admin cannot disable their own account');
    return this.change(id, 'account.disable', admin, origin, async (client) => {
      await this.accounts.setActive(client, id, false);
      return { sessionsEnded: await this.sessions.revokeAllOf(id, 'account-disabled', client) };
    });
  }

  @Post(':id/enable')
  @HttpCode(200)
  enable(@Param('id', new ParseUUIDPipe()) id: string, @Body() _body: EmptyRequest, @CurrentAccount() admin: AuthenticatedAccount, @Origin() origin: RequestOrigin) {
    return this.change(id, 'account.enable', admin, origin, async (client) => {
      await this.accounts.setActive(client, id, true);
      return {};
    });
  }

  /** Sets a new password (also a staff member's first one); clears a lockout and ends their logins. */
  @Post(':id/password')
  @HttpCode(200)
  password(@Param('id', new ParseUUIDPipe()) id: string, @Body() body: NewPasswordRequest, @CurrentAccount() admin: AuthenticatedAccount, @Origin() origin: RequestOrigin) {
    return this.change(id, 'account.password', admin, origin, async (client) => {
      await this.accounts.setPassword(client, id, body.password);
      return { sessionsEnded: await this.sessions.revokeAllOf(id, 'password-reset', client) };
    });
  }

  private async change(
    id: string,
    action: 'account.disable' | 'account.enable' | 'account.password',
    admin: AuthenticatedAccount,
    origin: RequestOrigin,
    work: (client: PoolClient) => Promise<Record<string, unknown>>,
  ) {
    const target = await this.accounts.byId(id);
    if (!target) throw new NotFound(`No account ${id}`);
    await inTransaction(this.pool, async (client) => {
      const detail = await work(client);
      await this.audit.record({ action, outcome: 'ok', actor: admin.username, subject: target.username, origin, detail: { id, ...detail } }, client);
    });
    return (await this.accounts.byId(id))!;
  }

  private async department(code: string | undefined): Promise<string> {
    if (!code) throw new InvalidInput('departmentCode', 'a handler needs a departmentCode');
    if (!(await this.referenceData.listDepartments()).some((d) => d.code === code)) throw new InvalidInput('departmentCode', `Unknown department "${code}"`);
    return code;
  }

  private async grids(codes: string[] | undefined): Promise<string[]> {
    if (!codes?.length) throw new InvalidInput('gridCodes', 'a grid worker needs at least one grid');
    const known = new Set((await this.referenceData.listGrids()).map((g) => g.code));
    const unknown = codes.find((c) => !known.has(c));
    if (unknown) throw new InvalidInput('gridCodes', `Unknown grid "${unknown}"`);
    return [...new Set(codes)];
  }
}
