import { Redis, RedisOptions } from 'ioredis';

/** `redis://user:secret@host:6379/0` → `redis://user:***@host:6379/0`, for logs and hints. */
export function redactRedisUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString().replace(/\/$/, '');
  } catch {
    return url;
  }
}

/** The single line printed when Redis is down; the same wording in `npm start` and the worker. */
export function redisHint(url: string): string {
  return `Redis is not answering at ${redactRedisUrl(url)} — start one with: redis-server --daemonize yes   (or docker compose up -d redis)`;
}

/**
 * Options for a long-lived connection that BullMQ can share: `maxRetriesPerRequest: null` (BullMQ's
 * blocking workers require it), reconnecting forever with a capped back-off, so an outage is waited out
 * instead of crashing the process.
 */
export function redisConnectionOptions(connectionName: string, overrides: RedisOptions = {}): RedisOptions {
  return {
    connectionName,
    maxRetriesPerRequest: null,
    enableReadyCheck: true,
    connectTimeout: 5_000,
    retryStrategy: (times) => Math.min(200 * times, 5_000),
    ...overrides,
  };
}

/** A connection per `redisConnectionOptions`, created without connecting (call `connect()`). */
export function createRedisConnection(url: string, connectionName: string, overrides: RedisOptions = {}): Redis {
  return new Redis(url, redisConnectionOptions(connectionName, { lazyConnect: true, ...overrides }));
}

/** PING with a deadline: true when Redis answered PONG in time. Never throws, never waits past `timeoutMs`. */
export async function pingRedis(redis: Redis, timeoutMs = 2_000): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<false>((resolve) => {
    timer = setTimeout(() => resolve(false), timeoutMs);
  });
  try {
    return await Promise.race([redis.ping().then((reply) => reply === 'PONG', () => false), deadline]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * QUIT when connected (lets pending replies arrive), otherwise drop the socket and stop reconnecting.
 * Resolves once the connection has ended, or after `timeoutMs` at the latest; between two reconnection
 * attempts there is no socket to wait for, so it resolves at once.
 */
export async function closeRedis(redis: Redis, timeoutMs = 2_000): Promise<void> {
  const status = redis.status;
  if (status === 'end') return;
  if (status !== 'ready' && status !== 'connecting' && status !== 'connect') {
    redis.disconnect(false); // clears the pending reconnection
    return;
  }
  let timer: NodeJS.Timeout | undefined;
  const ended = new Promise<void>((resolve) => {
    redis.once('end', () => resolve());
    timer = setTimeout(resolve, timeoutMs);
  });
  if (status === 'ready') redis.quit().catch(() => redis.disconnect(false));
  else redis.disconnect(false);
  await ended;
  clearTimeout(timer);
  if ((redis.status as string) !== 'end') redis.disconnect(false);
}
