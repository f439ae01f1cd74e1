import { Inject, Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { EnvConfig } from '@zhuqi/platform';
import { pingRedis, redisHint } from '@zhuqi/redis';
import { Redis } from 'ioredis';
import { Pool } from 'pg';

export interface WorkerStatus {
  /** True once the boot check has run (the worker keeps running even when Redis is down). */
  ready: boolean;
  postgres: boolean;
  redis: boolean;
}

/**
 * Checks PostgreSQL and Redis at boot and then every `intervalMs`, logging only the transitions.
 * PostgreSQL is required (boot fails without it); Redis is waited for (its connection retries quietly).
 * Its interval also keeps an otherwise idle worker process alive.
 */
@Injectable()
export class WorkerHealth implements OnApplicationBootstrap, OnModuleDestroy {
  static readonly intervalMs = 30_000;
  private readonly logger = new Logger('Worker');
  private timer?: NodeJS.Timeout;
  private readonly current: WorkerStatus = { ready: false, postgres: false, redis: false };

  constructor(
    @Inject(Pool) private readonly pool: Pool,
    @Inject(Redis) private readonly redis: Redis,
    @Inject(EnvConfig) private readonly config: EnvConfig,
  ) {
    // An idle pooled client whose server went away emits 'error' on the pool; unhandled, it would crash the worker.
    this.pool.on('error', (error) => this.logger.warn(`PostgreSQL connection lost (${error.message})`));
  }

  get status(): WorkerStatus {
    return { ...this.current };
  }

  async onApplicationBootstrap(): Promise<void> {
    try {
      await this.pool.query('SELECT 1');
    } catch (error) {
      throw new Error(`PostgreSQL does not answer: ${(error as Error).message}`);
    }
    this.current.postgres = true;
    this.current.redis = await pingRedis(this.redis, 3_000);
    this.current.ready = true;
    if (this.current.redis) {
      this.logger.log('worker ready (postgres ok, redis ok)');
    } else {
      this.logger.warn(`${redisHint(this.config.REDIS_URL)}; worker ready (postgres ok), retrying Redis quietly`);
    }
    this.timer = setInterval(() => void this.check(), WorkerHealth.intervalMs);
  }

  onModuleDestroy(): void {
    if (this.current.ready) this.logger.log('worker stopping');
    clearInterval(this.timer);
    this.timer = undefined;
  }

  /** One round of checks; logs PostgreSQL transitions (Redis logs its own, see RedisModule). */
  async check(): Promise<WorkerStatus> {
    const postgres = await this.pool.query('SELECT 1').then(
      () => true,
      () => false,
    );
    if (postgres !== this.current.postgres) {
      if (postgres) this.logger.log('PostgreSQL is answering again');
      else this.logger.warn('PostgreSQL does not answer; will check again');
    }
    this.current.postgres = postgres;
    this.current.redis = this.redis.status === 'ready' && (await pingRedis(this.redis, 2_000));
    return this.status;
  }
}
