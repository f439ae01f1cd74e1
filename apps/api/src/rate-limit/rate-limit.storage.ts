import { Injectable, Logger, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import { ThrottlerStorage } from '@nestjs/throttler';
import { ThrottlerStorageRedisService } from '@nest-lab/throttler-storage-redis';
import { EnvConfig } from '@zhuqi/platform';
import { closeRedis, createRedisConnection } from '@zhuqi/redis';
import type { Redis } from 'ioredis';

type StorageRecord = Awaited<ReturnType<ThrottlerStorage['increment']>>;

/**
 * The rate-limit counters in Redis (one atomic script per hit), so that every API process counts the same
 * hits. A connection of its own that fails fast (no offline queue, 1 s per command): when Redis does not
 * answer, requests are let through (and a warning logged at most once a minute) rather than hung or refused.
 */
@Injectable()
export class RateLimitStorage implements ThrottlerStorage, OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger('rate-limit');
  private readonly redis: Redis;
  private readonly counters: ThrottlerStorageRedisService;
  private lastWarning = 0;

  constructor(config: EnvConfig) {
    this.redis = createRedisConnection(config.REDIS_URL, 'zhuqi-rate-limit', { enableOfflineQueue: false, maxRetriesPerRequest: 0, commandTimeout: 1_000 });
    this.redis.on('error', () => undefined);
    this.counters = new ThrottlerStorageRedisService(this.redis);
  }

  onModuleInit(): void {
    this.redis.connect().catch(() => undefined);
  }

  async increment(key: string, ttl: number, limit: number, blockDuration: number, throttlerName: string): Promise<StorageRecord> {
    try {
      return await this.counters.increment(key, ttl, limit, blockDuration, throttlerName);
    } catch (error) {
      if (Date.now() - this.lastWarning > 60_000) {
        this.lastWarning = Date.now();
        this.logger.warn(`rate limits not enforced: Redis does not answer (${(error as Error).message})`);
      }
      return { totalHits: 0, timeToExpire: 0, isBlocked: false, timeToBlockExpire: 0 };
    }
  }

  async onApplicationShutdown(): Promise<void> {
    await closeRedis(this.redis);
  }
}
