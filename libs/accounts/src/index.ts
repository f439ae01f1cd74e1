import { CreateAccounts1732300900000 } from './migrations/1732300900000-create-accounts';

export * from './account-store';
export * from './account.types';
export * from './accounts.module';
export * from './demo-accounts';
export * from './password-hasher';
export * from './security-audit';
export * from './session-store';
export * from './transaction';
export { CreateAccounts1732300900000 };

export const ACCOUNTS_MIGRATIONS = [CreateAccounts1732300900000];
