import { execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { INestApplication } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { Test } from '@nestjs/testing';
import { CasePolicy } from '@zhuqi/cases';
import { EventStore } from '@zhuqi/event-store';
import { EnvConfig, loadConfig } from '@zhuqi/platform';
import { Redis } from 'ioredis';
import { Pool } from 'pg';
import { LoggedInAgent, loginAs } from '../../testing/src/api-test-app';
import { freePort } from '../../testing/src/free-port';
import { ApiModule } from '../../../apps/api/src/api.module';
import { configureApiApp } from '../../../apps/api/src/api.app';
import { SlaClocks, SlaClocksOptions } from './sla-clocks';

const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const RESPONSE_SECONDS = 2;
const RESOLUTION_SECONDS = 3;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('SLA clocks on BullMQ (real PostgreSQL and Redis)', () => {
  let app: INestApplication;
  let pool: Pool;
  let enterpriseId: string;
  const mine: string[] = [];
  const running: SlaClocks[] = [];
  const queues: Array<{ url: string; name: string }> = [];

  beforeAll(async () => {
    const moduleRef = await Test.createTestingModule({ imports: [ApiModule] })
      .overrideProvider(EnvConfig)
      .useValue(loadConfig({ ...process.env, SLA_RESPONSE_SECONDS: String(RESPONSE_SECONDS), SLA_RESOLUTION_SECONDS: String(RESOLUTION_SECONDS) }))
      .compile();
    app = moduleRef.createNestApplication({ bodyParser: false, logger: ['error'] });
    configureApiApp(app);
    await app.init();
    pool = app.get(Pool);
    // each step by its role: the dispatcher takes in, dispatches and reads; the handler acknowledges; the supervisor approves
    [dispatcher, handler, supervisor] = await Promise.all(['dispatcher', 'handler-three_services', 'supervisor'].map((u) => loginAs(app.getHttpServer(), u)));
    const list = await http().get('/api/enterprises?pageSize=1').expect(200);
    enterpriseId = list.body.items[0].id;
  });

  beforeEach(() => {
    mine.length = 0; // each test's clocks see only that test's cases
  });

  afterEach(async () => {
    await Promise.all(running.splice(0).map((c) => c.stop()));
  });

  afterAll(async () => {
    for (const { url, name } of queues) {
      const redis = new Redis(url, { maxRetriesPerRequest: 1 });
      const keys = await redis.keys(`bull:${name}:*`).catch(() => [] as string[]);
      if (keys.length > 0) await redis.del(...keys).catch(() => undefined);
      redis.disconnect();
    }
    await app.close();
  });

  let dispatcher: LoggedInAgent;
  let handler: LoggedInAgent;
  let supervisor: LoggedInAgent;
  const http = () => dispatcher;

  /** A private queue and checkpoint that start at the end of the log and only see this test's cases. */
  async function clocksOn(queueName: string, subscriberName: string, redisUrl = REDIS_URL, over: Partial<SlaClocksOptions> = {}): Promise<SlaClocks> {
    await pool.query(
      `INSERT INTO subscription_checkpoints (name, position, transaction_id)
       SELECT $1, global_position, transaction_id FROM events ORDER BY transaction_id DESC, global_position DESC LIMIT 1
       ON CONFLICT (name) DO NOTHING`,
      [subscriberName],
    );
    if (!queues.some((q) => q.name === queueName && q.url === redisUrl)) queues.push({ url: redisUrl, name: queueName });
    const clocks = new SlaClocks(pool, app.get(EventStore), app.get(CommandBus), app.get(CasePolicy), {
      redisUrl,
      queueName,
      subscriberName,
      concurrency: 10,
      reconcileEveryMs: 60_000,
      onlyCases: () => mine,
      ...over,
    });
    await clocks.start();
    running.push(clocks);
    return clocks;
  }

  async function stop(clocks: SlaClocks): Promise<void> {
    await clocks.stop();
    running.splice(running.indexOf(clocks), 1);
  }

  async function dispatchedCase(): Promise<string> {
    const created = await http()
      .post('/api/cases')
      .send({ enterpriseId, title: `厂区供电不稳-${randomUUID().slice(0, 8)}`, description: '厂区夜间频繁跳闸，影响生产', channel: 'online' })
      .expect(201);
    const id = created.body.id as string;
    mine.push(id);
    await http().post(`/api/cases/${id}/dispatch`).send({ departmentCode: 'three_services', categoryCode: 'infrastructure' }).expect(200);
    return id;
  }

  const eventsOf = async (id: string, type: string) =>
    (
      await pool.query<{ data: Record<string, string>; metadata: Record<string, string>; recorded_at: Date }>(
        `SELECT data, metadata, recorded_at FROM events WHERE stream_id = $1 AND type = $2 ORDER BY version`,
        [id, type],
      )
    ).rows;

  async function waitFor(check: () => Promise<boolean>, ms: number): Promise<void> {
    const deadline = Date.now() + ms;
    while (!(await check()) && Date.now() < deadline) await sleep(100);
  }

  it('records a response breach once after the limit, and none when acknowledged in time; GET shows it', async () => {
    await clocksOn(`sla-test-${randomUUID()}`, `sla-test-${randomUUID()}`);
    const late = await dispatchedCase();
    const onTime = await dispatchedCase();
    await handler.post(`/api/cases/${onTime}/acknowledge`).send({ note: '已联系企业' }).expect(200);

    await waitFor(async () => (await eventsOf(late, 'ResponseOverdue')).length > 0, 6_000);
    await sleep(500);
    const breaches = await eventsOf(late, 'ResponseOverdue');
    expect(breaches).toHaveLength(1);
    expect(breaches[0].metadata).toMatchObject({ actor: 'system:sla-clocks', causationId: `${late}-response-1` });
    // Recorded within a second of the due time.
    expect(breaches[0].recorded_at.getTime() - Date.parse(breaches[0].data.responseDueAt)).toBeLessThan(1_000);
    expect(await eventsOf(onTime, 'ResponseOverdue')).toHaveLength(0);

    const view = (await http().get(`/api/cases/${late}`).expect(200)).body;
    expect(view).toMatchObject({ responseOverdue: true, responseDueAt: breaches[0].data.responseDueAt });
    expect(Date.parse(view.resolutionReminderAt)).toBe(Date.parse(view.dispatchedAt) + Math.round(RESOLUTION_SECONDS * 1000 * 0.75));
    expect((await http().get(`/api/cases/${onTime}`).expect(200)).body).toMatchObject({ responseOverdue: false, acknowledgedWithinLimit: true });
  });

  it('judges the deadline by an approved extension: reminder and breach against the new deadline, once', async () => {
    await clocksOn(`sla-test-${randomUUID()}`, `sla-test-${randomUUID()}`);
    const id = await dispatchedCase();
    await handler.post(`/api/cases/${id}/acknowledge`).send({}).expect(200);
    await handler.post(`/api/cases/${id}/extensions`).send({ workingDays: 2, reason: '需等待供电公司现场勘查' }).expect(200);
    await supervisor.post(`/api/cases/${id}/extensions/approve`).send({}).expect(200);
    const view = (await http().get(`/api/cases/${id}`).expect(200)).body;
    // With SLA_RESOLUTION_SECONDS an extension adds the same wall-clock time again.
    expect(Date.parse(view.resolutionDueAt) - Date.parse(view.dispatchedAt)).toBe(2 * RESOLUTION_SECONDS * 1000);

    await waitFor(async () => (await eventsOf(id, 'ResolutionOverdue')).length > 0, 10_000);
    await sleep(500);
    const overdue = await eventsOf(id, 'ResolutionOverdue');
    expect(overdue).toHaveLength(1);
    expect(overdue[0].data.resolutionDueAt).toBe(view.resolutionDueAt);
    expect(overdue[0].recorded_at.getTime()).toBeGreaterThanOrEqual(Date.parse(view.resolutionDueAt));
    const reminders = await eventsOf(id, 'ResolutionReminded');
    expect(reminders.map((r) => r.data.resolutionDueAt)).toEqual([view.resolutionDueAt]);
    expect((await http().get(`/api/cases/${id}`).expect(200)).body).toMatchObject({ resolutionOverdue: true, resolutionReminded: true });
  }, 30_000);

  it('loses no timer when the worker is down from dispatch until after the limit: the breach fires once on start', async () => {
    const queue = `sla-test-${randomUUID()}`;
    const subscriber = `sla-test-${randomUUID()}`;
    const first = await clocksOn(queue, subscriber);
    await stop(first); // the worker is killed right after the dispatch below is committed
    const id = await dispatchedCase();
    await sleep(RESPONSE_SECONDS * 1000 + 500);
    expect(await eventsOf(id, 'ResponseOverdue')).toHaveLength(0);

    const restarted = Date.now();
    await clocksOn(queue, subscriber);
    await waitFor(async () => (await eventsOf(id, 'ResponseOverdue')).length > 0, 5_000);
    await sleep(500);
    const breaches = await eventsOf(id, 'ResponseOverdue');
    expect(breaches).toHaveLength(1);
    expect(breaches[0].recorded_at.getTime() - restarted).toBeLessThan(3_000);
  });

  it('rebuilds the timers after FLUSHALL (own redis-server) and every breach still fires once', async () => {
    const port = await freePort();
    const dir = `/tmp/sla-test-redis-${port}`;
    execFileSync('mkdir', ['-p', dir]);
    execFileSync('redis-server', ['--port', String(port), '--save', '', '--appendonly', 'no', '--daemonize', 'yes', '--dir', dir, '--pidfile', `${dir}/redis.pid`]);
    await sleep(300);
    const url = `redis://127.0.0.1:${port}`;
    const admin = new Redis(url);
    try {
      const queue = `sla-test-${randomUUID()}`;
      const clocks = await clocksOn(queue, `sla-test-${randomUUID()}`, url, { reconcileEveryMs: 1_000 });
      const ids = [await dispatchedCase(), await dispatchedCase(), await dispatchedCase()];
      await waitFor(async () => (await admin.zcard(`bull:${queue}:delayed`)) >= 3, 5_000);
      expect(await admin.zcard(`bull:${queue}:delayed`)).toBeGreaterThanOrEqual(3);

      await admin.flushall();
      expect(await admin.dbsize()).toBe(0);

      await waitFor(async () => (await Promise.all(ids.map((id) => eventsOf(id, 'ResponseOverdue')))).every((rows) => rows.length > 0), 8_000);
      await sleep(1_500); // further reconciliations re-add the fired ids: still nothing twice
      for (const id of ids) expect(await eventsOf(id, 'ResponseOverdue')).toHaveLength(1);
      await stop(clocks);
    } finally {
      admin.disconnect();
      const pid = Number(readFileSync(`${dir}/redis.pid`, 'utf8'));
      process.kill(pid, 'SIGTERM');
    }
  }, 30_000);

  it('with two workers on one queue each breach is recorded once', async () => {
    const queue = `sla-test-${randomUUID()}`;
    const subscriber = `sla-test-${randomUUID()}`;
    await clocksOn(queue, subscriber);
    await clocksOn(queue, subscriber);
    const ids = await Promise.all(Array.from({ length: 8 }, () => dispatchedCase()));
    await waitFor(async () => (await Promise.all(ids.map((id) => eventsOf(id, 'ResponseOverdue')))).every((rows) => rows.length > 0), 8_000);
    await sleep(RESOLUTION_SECONDS * 1000);
    for (const id of ids) {
      expect(await eventsOf(id, 'ResponseOverdue')).toHaveLength(1);
      expect(await eventsOf(id, 'ResolutionOverdue')).toHaveLength(1);
    }
  }, 30_000);
});
