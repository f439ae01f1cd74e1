import { ConsoleLogger } from '@nestjs/common';
import { Test, TestingModule } from '@nestjs/testing';
import { EnvConfig, loadConfig } from '@zhuqi/platform';
import { Redis } from 'ioredis';
import { Pool } from 'pg';
import { WorkerHealth } from './worker-health';
import { WorkerModule } from './worker.module';

/** Collects what the worker logs, instead of printing it. */
class CapturingLogger extends ConsoleLogger {
  readonly lines: string[] = [];
  constructor() {
    super({ logLevels: ['fatal', 'error', 'warn', 'log'] });
  }
  override log(message: unknown): void {
    this.lines.push(`log ${String(message)}`);
  }
  override warn(message: unknown): void {
    this.lines.push(`warn ${String(message)}`);
  }
  override error(message: unknown): void {
    this.lines.push(`error ${String(message)}`);
  }
}

async function bootWorker(env: NodeJS.ProcessEnv): Promise<{ app: TestingModule; logger: CapturingLogger }> {
  const moduleRef = await Test.createTestingModule({ imports: [WorkerModule] })
    .overrideProvider(EnvConfig)
    .useValue(loadConfig(env))
    .compile();
  const logger = new CapturingLogger();
  moduleRef.useLogger(logger);
  await moduleRef.init();
  return { app: moduleRef, logger };
}

describe('worker (real PostgreSQL and Redis)', () => {
  it('boots, reports ready with postgres and redis ok, and shuts down cleanly', async () => {
    const { app, logger } = await bootWorker(process.env);
    const health = app.get(WorkerHealth);
    const redis = app.get(Redis);
    const pool = app.get(Pool);

    expect(health.status).toEqual({ ready: true, postgres: true, redis: true });
    expect(logger.lines).toContain('log worker ready (postgres ok, redis ok)');
    expect(await health.check()).toEqual({ ready: true, postgres: true, redis: true });
    // The shared connection is BullMQ-ready.
    expect(redis.options.maxRetriesPerRequest).toBeNull();

    const started = Date.now();
    await app.close();
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(redis.status).toBe('end');
    expect(pool.ended).toBe(true);
  });

  it('still boots when Redis does not answer: one hint line, quiet retries, clean shutdown', async () => {
    // Port 1 refuses connections at once.
    const { app, logger } = await bootWorker({ ...process.env, REDIS_URL: 'redis://127.0.0.1:1' });
    const health = app.get(WorkerHealth);
    const redis = app.get(Redis);

    expect(health.status).toEqual({ ready: true, postgres: true, redis: false });
    const hints = logger.lines.filter((line) => line.includes('Redis is not answering'));
    expect(hints).toEqual([
      'warn Redis is not answering at redis://127.0.0.1:1 — start one with: redis-server --daemonize yes   (or docker compose up -d redis); worker ready (postgres ok), retrying Redis quietly',
    ]);
    expect(logger.lines.filter((line) => line.startsWith('error'))).toEqual([]);

    let attemptsAfterClose = 0;
    const started = Date.now();
    await app.close();
    expect(Date.now() - started).toBeLessThan(2_000);
    // Closed means no more reconnection attempts.
    redis.on('connecting', () => attemptsAfterClose++);
    redis.on('reconnecting', () => attemptsAfterClose++);
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    expect(attemptsAfterClose).toBe(0);
    expect(redis.status).not.toBe('ready');
  });
});
