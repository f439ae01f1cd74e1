import { createHash } from 'node:crypto';

/**
 * The advisory-lock key SubscriptionRunner takes per subscriber (same derivation): holding it keeps every
 * process from applying that projection, e.g. while a rebuild swaps tables or a test compares them.
 */
export function subscriberLockKey(name: string): string {
  return createHash('sha256').update(`subscription:${name}`).digest().readBigInt64BE(0).toString();
}
