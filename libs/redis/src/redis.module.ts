import { DynamicModule, Global, Inject, Logger, Module, OnApplicationShutdown } from '@nestjs/common';
import { EnvConfig } from '@zhuqi/platform';
import { Redis } from 'ioredis';
import { closeRedis, createRedisConnection, redactRedisUrl } from './redis-connection';

/**
 * One shared ioredis connection to REDIS_URL, injectable as `Redis` (the class is the token, as `Pool`
 * is for PostgreSQL). It is BullMQ-ready (`maxRetriesPerRequest: null`): pass it as `connection` to
 * queues and workers, which duplicate it for their blocking commands. It reconnects quietly forever:
 * one warning when Redis goes away, one line when it is back. Closed on application shutdown.
 *
 * Needs `EnvConfig` (PlatformModule).
 */
@Global()
@Module({})
export class RedisModule implements OnApplicationShutdown {
  static forRoot(options: { connectionName?: string } = {}): DynamicModule {
    return {
      module: RedisModule,
      providers: [
        {
          provide: Redis,
          inject: [EnvConfig],
          useFactory: (config: EnvConfig) => {
            const redis = createRedisConnection(config.REDIS_URL, options.connectionName ?? 'zhuqi');
            watchConnection(redis, config.REDIS_URL);
            // Connect in the background: a Redis outage must not stop the process from booting.
            redis.connect().catch(() => undefined);
            return redis;
          },
        },
      ],
      exports: [Redis],
    };
  }

  constructor(@Inject(Redis) private readonly redis: Redis) {}

  async onApplicationShutdown(): Promise<void> {
    await closeRedis(this.redis);
  }
}

/** Logs transitions only (down once, back once), never each reconnection attempt. */
function watchConnection(redis: Redis, url: string): void {
  const logger = new Logger('Redis');
  let wasReady = false;
  let down = false;
  // Before the first connection the boot check reports the outage (one line); after it, warn once per outage.
  const lost = (why: string) => {
    if (wasReady && !down) logger.warn(`Redis connection lost (${why}); reconnecting quietly`);
    down = true;
  };
  redis.on('ready', () => {
    if (down) logger.log(`Redis is answering again at ${redactRedisUrl(url)}`);
    wasReady = true;
    down = false;
  });
  redis.on('error', (error: Error) => lost(error.message));
  // Emitted only when ioredis will try again, i.e. not after our own quit().
  redis.on('reconnecting', () => lost('connection closed'));
}
