import { CreateOpen3111732300850000 } from './migrations/1732300850000-create-open311';

export * from './api-keys';
export * from './open311-links';
export * from './open311.module';
export { CreateOpen3111732300850000 };

export const OPEN311_MIGRATIONS = [CreateOpen3111732300850000];
