import type { EmbeddedDatabase } from '../../database/src';

export default async function globalTeardown(): Promise<void> {
  const db = (globalThis as Record<string, unknown>).__EMBEDDED_PG__ as EmbeddedDatabase | undefined;
  await db?.stop();
}
