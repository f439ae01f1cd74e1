import { Module } from '@nestjs/common';
import { AccountStore } from './account-store';
import { PasswordHasher } from './password-hasher';
import { SecurityAudit } from './security-audit';
import { SessionStore } from './session-store';

/** Accounts, sessions and the security audit. Needs the `Pool` (DatabaseModule). */
@Module({
  providers: [PasswordHasher, AccountStore, SessionStore, SecurityAudit],
  exports: [PasswordHasher, AccountStore, SessionStore, SecurityAudit],
})
export class AccountsModule {}
