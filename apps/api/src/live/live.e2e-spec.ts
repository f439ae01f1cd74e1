import { request as httpRequest, IncomingMessage } from 'node:http';
import { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { ProjectionsRunner } from '@zhuqi/read-models';
import { LoggedInAgent, startApiTestApp } from '../../../../libs/testing/src/api-test-app';

interface Message {
  event: string;
  id?: string;
  data: Record<string, unknown>;
}

/** An open `GET /api/live/cases` as a browser's EventSource would hold it: the messages so far, parsed. */
interface Stream {
  status: number;
  messages: Message[];
  close(): void;
}

describe('Live case changes over server-sent events (GET /api/live/cases)', () => {
  let api: Awaited<ReturnType<typeof startApiTestApp>>;
  let port: number;
  let runner: ProjectionsRunner;
  let dispatcher: LoggedInAgent;
  const tokens = new Map<string, string>();
  const streams: Stream[] = [];

  beforeAll(async () => {
    api = await startApiTestApp();
    const server = api.app.getHttpServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as AddressInfo).port;
    runner = api.app.get(ProjectionsRunner);
    dispatcher = await api.as('dispatcher');
    for (const username of ['dispatcher', 'grid01', 'handler-three_services']) {
      const res = await api.http.post('/api/auth/login').send({ username, password: process.env.DEMO_PASSWORD ?? 'zhuqi-demo' }).expect(200);
      tokens.set(username, res.body.accessToken);
    }
  });
  afterAll(async () => {
    for (const s of streams) s.close();
    await api.close();
  });

  function open(username: string | undefined, lastEventId?: string): Promise<Stream> {
    return new Promise((resolve, reject) => {
      const headers: Record<string, string> = { Accept: 'text/event-stream' };
      if (username) headers.Authorization = `Bearer ${tokens.get(username)}`;
      if (lastEventId) headers['Last-Event-ID'] = lastEventId;
      const req = httpRequest({ host: '127.0.0.1', port, path: '/api/live/cases', headers }, (res: IncomingMessage) => {
        const stream: Stream = { status: res.statusCode ?? 0, messages: [], close: () => req.destroy() };
        streams.push(stream);
        let buffer = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => {
          buffer += chunk;
          let end: number;
          while ((end = buffer.indexOf('\n\n')) >= 0) {
            const block = buffer.slice(0, end);
            buffer = buffer.slice(end + 2);
            const fields = Object.fromEntries(
              block
                .split('\n')
                .filter((line) => line && !line.startsWith(':'))
                .map((line) => [line.slice(0, line.indexOf(':')), line.slice(line.indexOf(':') + 2)]),
            );
            if (fields.data !== undefined) stream.messages.push({ event: fields.event ?? 'message', id: fields.id, data: JSON.parse(fields.data) });
          }
        });
        res.on('error', () => undefined);
        resolve(stream);
      });
      req.on('error', reject); // after the answer arrived: a no-op (close() destroys the request)
      req.end();
    });
  }

  async function until(check: () => boolean, what: string, timeoutMs = 10_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!check()) {
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
      await runner.catchUp();
      await sleep(50);
    }
  }

  const changesOf = (s: Stream, caseId: string) => s.messages.filter((m) => m.event === 'case' && m.data.caseId === caseId);

  async function submitIn(gridCode: string, title: string): Promise<{ id: string; position: number }> {
    const list = await dispatcher.get(`/api/enterprises?gridCode=${gridCode}&pageSize=1`).expect(200);
    const created = await dispatcher.post('/api/cases').send({ enterpriseId: list.body.items[0].id, title, description: '园区道路路灯不亮，夜间通行不便', channel: 'online' }).expect(201);
    return created.body;
  }

  it('tells each reader of the changes within their reach, once the read models show them', async () => {
    const all = await open('dispatcher');
    const g01 = await open('grid01');
    expect([all.status, g01.status]).toEqual([200, 200]);
    await until(() => all.messages.length > 0 && g01.messages.length > 0, 'the ready messages');
    expect(all.messages[0]).toMatchObject({ event: 'ready', id: expect.stringMatching(/^\d+$/), data: { resumed: false } });

    const elsewhere = await submitIn('g02', '路灯不亮（二网格）');
    const mine = await submitIn('g01', '路灯不亮（一网格）');
    await until(() => changesOf(g01, mine.id).length > 0 && changesOf(all, mine.id).length > 0, 'the g01 case on both streams');

    const [message] = changesOf(g01, mine.id);
    expect(message).toMatchObject({
      event: 'case',
      id: String(mine.position),
      data: { position: mine.position, caseId: mine.id, event: 'CaseSubmitted', status: 'submitted', gridCode: 'g01', departmentCode: null, overdue: false },
    });
    expect(message.data.caseNo).toMatch(/^ZQ/);
    // The dispatcher hears of both; the grid worker of g01 never of the g02 case (it came first, in commit order).
    expect(changesOf(all, elsewhere.id)).toHaveLength(1);
    expect(changesOf(g01, elsewhere.id)).toEqual([]);
    // What the message announced, the case list already shows.
    const listed = await dispatcher.get('/api/cases').query({ q: '路灯不亮（一网格）', position: mine.position }).expect(200);
    expect(listed.body.items.map((i: { id: string }) => i.id)).toContain(mine.id);
  });

  it('tells a handler of a case dispatched to their department', async () => {
    const handler = await open('handler-three_services');
    await until(() => handler.messages.length > 0, 'the ready message');
    const ours = await submitIn('g01', '厂区门口积水（派三服务）');
    const theirs = await submitIn('g01', '子女入学咨询（派教育）');
    await dispatcher.post(`/api/cases/${ours.id}/dispatch`).send({ departmentCode: 'three_services', categoryCode: 'infrastructure' }).expect(200);
    await dispatcher.post(`/api/cases/${theirs.id}/dispatch`).send({ departmentCode: 'education', categoryCode: 'schooling' }).expect(200);
    const last = await submitIn('g01', '结束标记');
    const all = await open('dispatcher');
    await until(() => changesOf(all, last.id).length > 0 || changesOf(handler, ours.id).length > 0, 'the dispatch');
    await until(() => changesOf(handler, ours.id).some((m) => m.data.event === 'CaseDispatched'), 'the dispatch on the handler stream');
    expect(changesOf(handler, ours.id).find((m) => m.data.event === 'CaseDispatched')!.data).toMatchObject({ departmentCode: 'three_services', status: 'dispatched' });
    expect(changesOf(handler, theirs.id)).toEqual([]);
  });

  it('replays what a reconnecting browser missed (Last-Event-ID), and asks one it cannot resume to refetch', async () => {
    const keepAlive = await open('dispatcher');
    const first = await open('dispatcher');
    const before = await submitIn('g01', '断线前的诉求');
    await until(() => changesOf(first, before.id).length > 0, 'the first case');
    const lastId = changesOf(first, before.id)[0].id!;
    first.close();

    const missed = await submitIn('g01', '断线期间的诉求');
    await until(() => changesOf(keepAlive, missed.id).length > 0, 'the missed case on another stream');
    const again = await open('dispatcher', lastId);
    await until(() => changesOf(again, missed.id).length > 0, 'the replay');
    expect(again.messages[0]).toMatchObject({ event: 'ready', data: { resumed: true } });
    expect(changesOf(again, before.id)).toEqual([]);

    // A browser that had only the ready message resumes from its id.
    const quiet = await open('grid01');
    await until(() => quiet.messages.length > 0, 'the ready message');
    quiet.close();
    const meanwhile = await submitIn('g01', '只收到就绪消息后断线');
    await until(() => changesOf(keepAlive, meanwhile.id).length > 0, 'the case on another stream');
    const back = await open('grid01', quiet.messages[0].id);
    await until(() => changesOf(back, meanwhile.id).length > 0, 'the replay from the ready id');
    expect(back.messages[0]).toMatchObject({ event: 'ready', data: { resumed: true } });

    const stranger = await open('dispatcher', '1');
    await until(() => stranger.messages.length > 0, 'the ready message');
    expect(stranger.messages[0]).toMatchObject({ event: 'ready', data: { resumed: false } });
  });

  it('refuses a stream without a login (401) and a Last-Event-ID that is not a position (400)', async () => {
    const nobody = await open(undefined);
    expect(nobody.status).toBe(401);
    const bad = await api.http.get('/api/live/cases').set('Authorization', `Bearer ${tokens.get('dispatcher')}`).set('Last-Event-ID', 'abc').expect(400);
    expect(bad.body).toMatchObject({ status: 400 });
    expect(JSON.stringify(bad.body)).toContain('Last-Event-ID');
  });
});
