import { randomUUID } from 'node:crypto';
import { ProjectionsRunner } from '@zhuqi/read-models';
import { Pool } from 'pg';
import type { App } from 'supertest/types';
import { LoggedInAgent, startApiTestApp } from '../../../../libs/testing/src/api-test-app';
import { Answer, GeoReportTestClient } from '../../../../libs/testing/src/georeport-test-client';

interface Enterprise {
  id: string;
  name: string;
  uscc: string;
  address: string;
  contactName: string;
  contactPhone: string;
}

const DEMO_KEY = 'zhuqi-open311-demo';
const W3C_SHANGHAI = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+08:00$/;

describe('Open311 GeoReport v2', () => {
  let api: Awaited<ReturnType<typeof startApiTestApp>>;
  let server: App;
  let pool: Pool;
  let runner: ProjectionsRunner;
  let json: GeoReportTestClient;
  let xml: GeoReportTestClient;
  let a: Enterprise;
  let b: Enterprise;
  let c: Enterprise;
  /** A partner key issued for this run. */
  let partnerKey: string;
  let partnerName: string;

  /** The admin issues and revokes keys; the dispatcher takes cases in and reads them (every case, phones in full). */
  let keyAdmin: LoggedInAgent;
  let dispatcher: LoggedInAgent;
  const admin = () => dispatcher;
  const issueKey = async (body: Record<string, unknown>) => (await keyAdmin.post('/api/open311-keys').send(body).expect(201)).body;
  /** Waits until the read models have the latest events of these cases (GET requests reads them). */
  const settle = async (...caseIds: string[]) => {
    const { rows } = await pool.query(`SELECT max(global_position) AS position FROM events WHERE stream_id = ANY($1::text[])`, [caseIds]);
    expect((await runner.waitFor(['read-models.case-list', 'read-models.case-detail'], Number(rows[0].position), 10_000)).reached).toBe(true);
  };
  const eventsOfCorrelation = async (correlationId: string) =>
    Number((await pool.query(`SELECT count(*) FROM events WHERE metadata->>'correlationId' = $1`, [correlationId])).rows[0].count);
  /** A case through the staff API (channel grid_visit), not through Open311. */
  const staffCase = async (enterpriseId: string) =>
    (await admin().post('/api/cases').send({ enterpriseId, title: `走访记录-${randomUUID().slice(0, 8)}`, description: '企业反映厂区路灯损坏，夜班员工出行不便', channel: 'grid_visit', categoryCode: 'infrastructure', contactPhone: '13800000000' }).expect(201)).body
      .id as string;
  const post = (client: GeoReportTestClient, description: string, attributes: Record<string, string> = { uscc: a.uscc }, extra: Record<string, string> = {}) =>
    client.submit({ service_code: 'legal', description, ...extra }, attributes);
  const idOf = (client: GeoReportTestClient, answer: Answer): string => client.items(answer, 'service_requests', 'request')[0].service_request_id;
  const ids = (client: GeoReportTestClient, answer: Answer) => client.items(answer, 'service_requests', 'request').map((r) => r.service_request_id as string);
  const requestOf = async (client: GeoReportTestClient, id: string) => {
    const answer = await client.get(`requests/${id}`);
    expect(answer.status).toBe(200);
    return client.items(answer, 'service_requests', 'request')[0];
  };

  beforeAll(async () => {
    api = await startApiTestApp();
    server = api.app.getHttpServer();
    [keyAdmin, dispatcher] = await Promise.all([api.as('admin'), api.as('dispatcher')]);
    pool = api.pool;
    runner = api.app.get(ProjectionsRunner);
    const enterprises = (await admin().get('/api/enterprises?q=MA&pageSize=30').expect(200)).body.items as Enterprise[];
    // Enterprises of their own for this suite (other suites use the first ones of the list).
    [a, b, c] = enterprises.slice(-3);
    partnerName = `e2e-partner-${randomUUID().slice(0, 8)}`;
    partnerKey = (await issueKey({ name: partnerName, kind: 'partner' })).key;
    json = new GeoReportTestClient(server, 'json', { jurisdiction: 'zhuqi.local', apiKey: partnerKey });
    xml = new GeoReportTestClient(server, 'xml', { jurisdiction: 'zhuqi.local', apiKey: partnerKey });
  });

  afterAll(() => api.close());

  describe('discovery', () => {
    it('names the GeoReport v2 endpoint and both formats, in JSON and XML', async () => {
      const discovery = new GeoReportTestClient(server, 'json', { endpoint: '/open311/' });
      const asJson = await discovery.get('discovery');
      expect(asJson.status).toBe(200);
      expect(asJson.contentType).toBe('application/json; charset=utf-8');
      expect(asJson.body).toEqual({
        changeset: expect.any(String),
        contact: expect.stringContaining('助企'),
        key_service: expect.stringContaining('api_key'),
        endpoints: [
          {
            specification: 'http://wiki.open311.org/GeoReport_v2',
            url: expect.stringMatching(/^http:\/\/127\.0\.0\.1:\d+\/open311\/v2$/),
            changeset: expect.any(String),
            type: 'production',
            formats: ['text/xml', 'application/json'],
          },
        ],
      });

      const asXml = await new GeoReportTestClient(server, 'xml', { endpoint: '/open311/' }).get('discovery');
      expect(asXml.contentType).toBe('text/xml; charset=utf-8');
      expect(asXml.raw.startsWith('<?xml version="1.0" encoding="UTF-8"?>\n<discovery>')).toBe(true);
      const endpoint = asXml.body.discovery.endpoints.endpoint[0];
      expect(endpoint).toMatchObject({ specification: 'http://wiki.open311.org/GeoReport_v2', type: 'production', formats: { format: ['text/xml', 'application/json'] } });
      expect(endpoint.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/open311\/v2$/);
    });
  });

  describe('the round trip: service list → POST request → GET request → token lookup', () => {
    it('works in JSON with the demo partner key, as a client sends it', async () => {
      const client = json.withKey(DEMO_KEY);
      const services = await client.get('services');
      expect(services.status).toBe(200);
      expect(services.contentType).toBe('application/json; charset=utf-8');
      const legal = services.body.find((s: { service_code: string }) => s.service_code === 'legal');
      expect(legal).toEqual({
        service_code: 'legal',
        service_name: '法律',
        description: expect.stringContaining('3分钟内响应，7个工作日内办结'),
        metadata: true,
        type: 'realtime',
        keywords: '法律, 法律服务中心',
        group: '法律服务中心',
      });
      expect(services.body).toHaveLength(13);

      const definition = await client.get('services/legal');
      expect(definition.body.service_code).toBe('legal');
      expect(definition.body.attributes.map((x: { code: string; required: boolean }) => [x.code, x.required])).toEqual([
        ['uscc', false],
        ['title', false],
        ['urgency', false],
      ]);
      expect(definition.body.attributes[2].values).toEqual([
        { key: 'normal', name: '一般（7个工作日内办结）' },
        { key: 'urgent', name: '紧急（3个工作日内办结）' },
        { key: 'emergency', name: '特急（1个工作日内办结）' },
      ]);

      const correlationId = `o311-${randomUUID()}`;
      const posted = await client.submit(
        { service_code: 'legal', description: '供应商拖欠货款三个月，想咨询起诉流程\n合同在附件', first_name: '红林', last_name: '吕', phone: '18895132073', account_id: 'acct-7' },
        { uscc: a.uscc, urgency: 'urgent' },
        { 'X-Correlation-Id': correlationId },
      );
      expect(posted.status).toBe(201);
      expect(posted.body).toEqual([{ service_request_id: expect.stringMatching(/^[0-9a-f-]{36}$/), token: expect.stringMatching(/^ZQ\d{4}-\d{6}$/), service_notice: '3分钟内响应，3个工作日内办结', account_id: 'acct-7' }]);
      const [{ service_request_id: id, token }] = posted.body;

      const got = await client.get(`requests/${id}`);
      expect(got.body).toEqual([
        {
          service_request_id: id,
          status: 'open',
          status_notes: '已派发至法律服务中心，待签收',
          service_name: '法律',
          service_code: 'legal',
          description: '供应商拖欠货款三个月，想咨询起诉流程\n合同在附件',
          agency_responsible: '法律服务中心',
          service_notice: '3分钟内响应，3个工作日内办结',
          requested_datetime: expect.stringMatching(W3C_SHANGHAI),
          updated_datetime: expect.stringMatching(W3C_SHANGHAI),
          expected_datetime: expect.stringMatching(W3C_SHANGHAI),
          address: a.address,
          address_id: null,
          zipcode: null,
          lat: null,
          long: null,
          media_url: null,
        },
      ]);

      const looked = await client.get(`tokens/${token}`);
      expect(looked.body).toEqual([{ service_request_id: id, token }]);

      // An ordinary case: channel online, the enterprise named by its USCC, the key's holder as actor.
      const view = (await admin().get(`/api/cases/${id}`).expect(200)).body;
      expect(view).toMatchObject({ caseNo: token, channel: 'online', urgency: 'urgent', categoryCode: 'legal', enterprise: { id: a.id }, title: '供应商拖欠货款三个月，想咨询起诉流程', contactName: '吕红林', contactPhone: '18895132073' });
      expect(got.body[0].expected_datetime).toBe(toShanghai(view.resolutionDueAt));
      expect(got.body[0].requested_datetime).toBe(toShanghai(view.submittedAt));
      const history = (await admin().get(`/api/cases/${id}/events`).expect(200)).body;
      expect(history[0]).toMatchObject({ type: 'CaseSubmitted', actor: 'open311:demo-partner', correlationId });
      expect(await eventsOfCorrelation(correlationId)).toBe(2); // submitted and dispatched by the routing rule
    });

    it('works in XML, byte for byte as the specification writes the request', async () => {
      const services = await xml.get('services');
      expect(services.contentType).toBe('text/xml; charset=utf-8');
      expect(services.raw.startsWith('<?xml version="1.0" encoding="UTF-8"?>\n<services>\n  <service>\n    <service_code>legal</service_code>')).toBe(true);
      const service = xml.items(services, 'services', 'service').find((s) => s.service_code === 'work_safety');
      expect(service).toMatchObject({ service_name: '安全生产', metadata: 'true', type: 'realtime', group: '应急管理办（安监）' });

      const definition = await xml.get('services/work_safety');
      const attributes = definition.body.service_definition.attributes.attribute;
      expect(definition.body.service_definition.service_code).toBe('work_safety');
      expect(attributes[0]).toMatchObject({ variable: 'true', code: 'uscc', datatype: 'string', required: 'false', order: '1' });
      expect(attributes[2].values.value.map((v: { key: string }) => v.key)).toEqual(['normal', 'urgent', 'emergency']);

      // The specification's example request: literal brackets, '+' for spaces, percent-encoded UTF-8.
      const description = '车间消防通道被货物堵塞 & 喷淋头<损坏>';
      const body =
        `api_key=${partnerKey}&jurisdiction_id=zhuqi.local&service_code=work_safety&lat=28.9012&long=120.0431` +
        `&address_string=${encodeURIComponent('金山东路155号').replace(/%20/g, '+')}&email=safety%40feida.example.cn&device_id=tt222111` +
        `&account_id=123456&first_name=${encodeURIComponent('建国')}&last_name=${encodeURIComponent('施')}&phone=13915506807` +
        `&description=${encodeURIComponent(description)}&media_url=http%3A%2F%2Fexample.cn%2F1.jpg` +
        `&attribute[uscc]=${a.uscc}&attribute[title]=${encodeURIComponent('消防通道堵塞').replace(/%20/g, '+')}`;
      const posted = await new GeoReportTestClient(server, 'xml').submit(body);
      expect(posted.status).toBe(201);
      expect(posted.contentType).toBe('text/xml; charset=utf-8');
      const [created] = xml.items(posted, 'service_requests', 'request');
      expect(created).toEqual({ service_request_id: expect.any(String), token: expect.stringMatching(/^ZQ/), service_notice: '3分钟内响应，5个工作日内办结', account_id: '123456' });
      expect(posted.headers.location).toBe(`/open311/v2/requests/${created.service_request_id}.xml`);

      const got = await xml.get(`requests/${created.service_request_id}`);
      expect(got.raw).toContain('<description>车间消防通道被货物堵塞 &amp; 喷淋头&lt;损坏&gt;</description>');
      expect(xml.items(got, 'service_requests', 'request')[0]).toMatchObject({
        service_request_id: created.service_request_id,
        status: 'open',
        service_code: 'work_safety',
        service_name: '安全生产',
        description,
        agency_responsible: '应急管理办（安监）',
        address_id: '',
        requested_datetime: expect.stringMatching(W3C_SHANGHAI),
      });
      const token = await xml.get(`tokens/${created.token}`);
      expect(xml.items(token, 'service_requests', 'request')).toEqual([{ service_request_id: created.service_request_id, token: created.token }]);
      const view = (await admin().get(`/api/cases/${created.service_request_id}`).expect(200)).body;
      expect(view).toMatchObject({ title: '消防通道堵塞', contactName: '施建国', channel: 'online', enterprise: { id: a.id } });
    });
  });

  describe('status follows the case', () => {
    /** Each step by the role that takes it: the lead department's handler, the grid's worker, the dispatcher. */
    const staff = async (id: string, step: string, body: Record<string, unknown> = {}) => {
      const view = (await dispatcher.get(`/api/cases/${id}`).expect(200)).body;
      const who = ['acknowledge', 'resolve', 'return', 'extensions'].includes(step)
        ? `handler-${view.departmentCode}`
        : step === 'follow-ups'
          ? `grid${view.enterprise.gridCode.slice(1)}`
          : 'dispatcher';
      return (await api.as(who)).post(`/api/cases/${id}/${step}`).send(body).expect(200);
    };

    it('open while worked on, closed once closed, with the detailed status in Chinese', async () => {
      const id = idOf(json, await post(json, '劳动合同模板需要法律审核'));
      const seen = async () => {
        const r = await requestOf(json, id);
        return [r.status, r.status_notes, r.agency_responsible, r.expected_datetime === null ? null : 'deadline'];
      };
      expect(await seen()).toEqual(['open', '已派发至法律服务中心，待签收', '法律服务中心', 'deadline']);
      await staff(id, 'acknowledge');
      expect(await seen()).toEqual(['open', '已签收，办理中', '法律服务中心', 'deadline']);
      await staff(id, 'resolve', { resolution: '已出具审核意见' });
      expect(await seen()).toEqual(['open', '已办结，待回访', '法律服务中心', null]);
      await staff(id, 'follow-ups', { satisfaction: 'satisfied', solved: true });
      expect(await seen()).toEqual(['closed', '已办结销号', '法律服务中心', null]);
      const view = (await admin().get(`/api/cases/${id}`).expect(200)).body;
      expect((await requestOf(json, id)).updated_datetime).toBe(toShanghai(view.closedAt));
    });

    it('a return waits for a ruling, a re-dispatch names the new department, a rejection closes with its reason for the holder only', async () => {
      const id = idOf(json, await post(json, '想了解商标注册流程'));
      await staff(id, 'return', { reason: '商标注册不属本部门职责' });
      expect(await requestOf(json, id)).toMatchObject({ status: 'open', status_notes: '承办部门已退回，待重新派发', agency_responsible: null, expected_datetime: null });
      await staff(id, 'return-rulings', { decision: 'redispatch', departmentCode: 'enforcement' });
      expect(await requestOf(json, id)).toMatchObject({ status: 'open', status_notes: '已派发至综合执法中队，待签收', agency_responsible: '综合执法中队', expected_datetime: expect.stringMatching(W3C_SHANGHAI) });
      await staff(id, 'return', { reason: '仍不属管委会职责' });
      await staff(id, 'reject', { reason: '请向市场监管部门咨询' });
      expect(await requestOf(json, id)).toMatchObject({ status: 'closed', status_notes: '不予受理：请向市场监管部门咨询' });
      expect(await requestOf(json.withKey(undefined), id)).toMatchObject({ status: 'closed', status_notes: '不予受理', description: null });
    });

    it('withdrawn and merged requests are closed', async () => {
      const kept = idOf(json, await post(json, '厂房租赁合同纠纷'));
      const duplicate = idOf(json, await post(json, '厂房租赁合同纠纷（重复提交）'));
      const withdrawn = idOf(json, await post(json, '咨询劳务派遣用工风险'));
      await staff(withdrawn, 'withdraw', { reason: '企业已自行解决' });
      await staff(duplicate, 'merge', { intoCaseId: kept });
      expect(await requestOf(json, withdrawn)).toMatchObject({ status: 'closed', status_notes: '企业已撤回', expected_datetime: null });
      expect(await requestOf(json, duplicate)).toMatchObject({ status: 'closed', status_notes: '重复诉求，已合并办理' });
      expect(await requestOf(json, kept)).toMatchObject({ status: 'open' });
    });
  });

  describe('api keys and jurisdiction', () => {
    it('refuses a missing, wrong or revoked api_key with 403, writing nothing', async () => {
      const correlationId = `o311-${randomUUID()}`;
      const headers = { 'X-Correlation-Id': correlationId };
      const missing = await json.withKey(undefined).submit({ service_code: 'legal', description: '无密钥' }, { uscc: a.uscc }, headers);
      expect(missing.status).toBe(403);
      expect(missing.body).toEqual([{ code: 403, description: expect.stringContaining('api_key is missing') }]);
      const wrong = await xml.withKey('zq311_not-a-key').submit({ service_code: 'legal', description: '错误密钥' }, { uscc: a.uscc }, headers);
      expect(wrong.status).toBe(403);
      expect(wrong.raw).toMatch(/^<\?xml version="1.0" encoding="UTF-8"\?>\n<errors>\n  <error>\n    <code>403<\/code>\n    <description>Invalid api_key/);

      const issued = await issueKey({ name: `e2e-revoked-${randomUUID().slice(0, 8)}`, kind: 'partner' });
      const before = await json.withKey(issued.key).submit({ service_code: 'legal', description: '撤销前提交' }, { uscc: a.uscc });
      expect(before.status).toBe(201);
      const revoked = (await keyAdmin.post(`/api/open311-keys/${issued.id}/revoke`).expect(200)).body;
      expect(revoked).toMatchObject({ id: issued.id, revokedBy: 'admin', revokedAt: expect.any(String) });
      const after = await json.withKey(issued.key).submit({ service_code: 'legal', description: '撤销后提交' }, { uscc: a.uscc }, headers);
      expect(after.status).toBe(403);
      // A read with a revoked key is refused too, not silently answered as anonymous.
      expect((await json.withKey(issued.key).get(`requests/${idOf(json, before)}`)).status).toBe(403);
      expect(await eventsOfCorrelation(correlationId)).toBe(0);
    });

    it('answers another jurisdiction_id 404 and takes ours in any case, or none', async () => {
      const elsewhere = new GeoReportTestClient(server, 'json', { jurisdiction: 'sfgov.org', apiKey: partnerKey });
      const services = await elsewhere.get('services');
      expect(services.status).toBe(404);
      expect(services.body[0].description).toContain('jurisdiction_id sfgov.org was not found');
      const correlationId = `o311-${randomUUID()}`;
      const posted = await elsewhere.submit({ service_code: 'legal', description: '别处' }, { uscc: a.uscc }, { 'X-Correlation-Id': correlationId });
      expect(posted.status).toBe(404);
      expect(await eventsOfCorrelation(correlationId)).toBe(0);
      expect((await new GeoReportTestClient(server, 'xml', { jurisdiction: 'ZHUQI.local' }).get('services')).status).toBe(200);
      expect((await new GeoReportTestClient(server, 'xml').get('services')).status).toBe(200);
    });

    it('binds an enterprise key to its enterprise; a partner key must name one', async () => {
      const enterpriseKey = (await issueKey({ name: `e2e-ent-${randomUUID().slice(0, 8)}`, kind: 'enterprise', enterpriseId: b.id })).key;
      const own = await json.withKey(enterpriseKey).submit({ service_code: 'subsidies', description: '稳岗补贴申报进度查询' });
      expect(own.status).toBe(201);
      expect((await admin().get(`/api/cases/${idOf(json, own)}`).expect(200)).body.enterprise.id).toBe(b.id);
      const other = await json.withKey(enterpriseKey).submit({ service_code: 'subsidies', description: '替别的企业提交' }, { uscc: a.uscc });
      expect(other.status).toBe(403);
      expect((await json.withKey(enterpriseKey).submit({ service_code: 'subsidies', description: '写明本企业' }, { uscc: b.uscc })).status).toBe(201);

      const unnamed = await json.submit({ service_code: 'subsidies', description: '没有写企业' });
      expect(unnamed.status).toBe(400);
      expect(unnamed.body[0].description).toContain('attribute[uscc] was not provided');
      const unknown = await json.submit({ service_code: 'subsidies', description: '企业不在本区' }, { uscc: '91110000100000000J' });
      expect(unknown.status).toBe(400);
    });
  });

  describe('bad input', () => {
    it('answers an unknown service_code 404 and a missing one 400', async () => {
      const unknown = await post(json, '未知服务', { uscc: a.uscc }, { service_code: 'pothole' });
      expect(unknown.status).toBe(404);
      expect(unknown.body).toEqual([{ code: 404, description: 'service_code pothole was not found (GET services lists them)' }]);
      expect((await json.get('services/pothole')).status).toBe(404);
      const missing = await json.submit({ description: '缺少服务代码' }, { uscc: a.uscc });
      expect(missing.status).toBe(400);
      expect(missing.body).toEqual([{ code: 400, description: 'service_code was not provided' }]);
    });

    it('names every invalid field, in both formats, and writes nothing', async () => {
      const correlationId = `o311-${randomUUID()}`;
      const answer = await xml.submit({ service_code: 'legal', description: '', phone: '110', lat: '200', long: '1', colour: 'red' }, { urgency: 'now', uscc: a.uscc }, { 'X-Correlation-Id': correlationId });
      expect(answer.status).toBe(400);
      const errors = xml.items(answer, 'errors', 'error');
      expect(errors.map((e) => e.code)).toEqual(['400', '400', '400', '400', '400']);
      expect(errors.map((e) => e.description)).toEqual([
        'Unknown argument "colour"',
        'description was not provided: describe the request',
        'attribute[urgency] must be one of normal, urgent, emergency',
        'phone must be a mainland mobile (11 digits) or a landline with area code',
        'lat must be a WGS84 latitude between -90 and 90',
      ]);
      expect(await eventsOfCorrelation(correlationId)).toBe(0);
    });

    it('refuses bodies that are not forms, and unknown resources, in the GeoReport format', async () => {
      const asJson = await admin().post('/open311/v2/requests.json').set('Content-Type', 'application/json').send({ api_key: partnerKey, service_code: 'legal' });
      expect(asJson.status).toBe(400);
      expect(JSON.parse(asJson.text)[0].description).toContain('application/x-www-form-urlencoded');
      const malformed = await admin().post('/open311/v2/requests.json').set('Content-Type', 'application/json').send('{"api_key":');
      expect(malformed.status).toBe(400);
      expect(malformed.headers['content-type']).toBe('application/json; charset=utf-8');
      expect(JSON.parse(malformed.text)).toEqual([{ code: 400, description: expect.stringContaining('application/x-www-form-urlencoded') }]);
      const empty = await admin().post('/open311/v2/requests.json').type('form').send('');
      expect(empty.status).toBe(403);
      expect(JSON.parse(empty.text)).toEqual([{ code: 403, description: expect.stringContaining('api_key is missing') }]);
      const huge = await admin().post('/open311/v2/requests.xml').type('form').send(`description=${'x'.repeat(70_000)}`);
      expect(huge.status).toBe(413);
      expect(huge.text).toContain('<code>413</code>');
      const nowhere = await admin().get('/open311/v2/potholes.xml');
      expect(nowhere.status).toBe(404);
      expect(nowhere.headers['content-type']).toBe('text/xml; charset=utf-8');
      expect(nowhere.text).toContain('<code>404</code>');
      const format = await admin().get('/open311/v2/services.html');
      expect(format.status).toBe(400);
      expect(format.text).toContain('Unknown format');
      // The rest of the API keeps its problem details.
      const problem = await admin().get('/api/cases/not-a-case');
      expect(problem.headers['content-type']).toContain('application/problem+json');
    });
  });

  describe('GET requests', () => {
    let legalId: string;
    let closedId: string;
    let safetyId: string;

    beforeAll(async () => {
      legalId = idOf(json, await post(json, '筛选：法律咨询'));
      closedId = idOf(json, await post(json, '筛选：已撤回的法律咨询'));
      await admin().post(`/api/cases/${closedId}/withdraw`).send({}).expect(200);
      safetyId = idOf(json, await json.submit({ service_code: 'work_safety', description: '筛选：安全隐患' }, { uscc: c.uscc }));
      await settle(legalId, closedId, safetyId);
    });

    it('filters by service_code, status and dates, newest first', async () => {
      const legal = ids(json, await json.get('requests', { service_code: 'legal,fire_safety' }));
      expect(legal).toEqual(expect.arrayContaining([legalId, closedId]));
      expect(legal).not.toContain(safetyId);
      const open = ids(json, await json.get('requests', { status: 'open' }));
      expect(open).toEqual(expect.arrayContaining([legalId, safetyId]));
      expect(open).not.toContain(closedId);
      expect(ids(json, await json.get('requests', { status: 'closed', service_code: 'legal' }))).toContain(closedId);
      expect(legal.indexOf(closedId)).toBeLessThan(legal.indexOf(legalId));

      const now = Date.now();
      const window = { start_date: shanghai(now - 3_600_000), end_date: shanghai(now + 60_000) };
      expect(ids(xml, await xml.get('requests', window))).toEqual(expect.arrayContaining([legalId, closedId, safetyId]));
      const before = await xml.get('requests', { start_date: '2020-01-01T00:00:00Z', end_date: '2020-03-01T00:00:00+08:00' });
      expect(before.status).toBe(200);
      expect(before.raw).toBe('<?xml version="1.0" encoding="UTF-8"?>\n<service_requests/>\n');
      expect(before.body.service_requests).toBe('');
    });

    it('lets service_request_id override every other argument', async () => {
      const answer = await json.get('requests', { service_request_id: `${legalId},${closedId}`, status: 'closed', service_code: 'environment' });
      expect(ids(json, answer).sort()).toEqual([legalId, closedId].sort());
    });

    it('refuses a span over 90 days, an unreadable date, status or id, and unknown arguments', async () => {
      const long = await json.get('requests', { start_date: '2026-01-01T00:00:00Z', end_date: '2026-06-01T00:00:00Z' });
      expect(long.status).toBe(400);
      expect(long.body).toEqual([{ code: 400, description: 'start_date to end_date may not span more than 90 days' }]);
      const bad = await json.get('requests', { start_date: 'last week', status: 'pending', service_code: 'DROP TABLE' });
      expect(bad.body.map((e: { description: string }) => e.description)).toEqual([
        'service_code must list service codes such as work_safety',
        'status must be open, closed or both',
        'start_date must be a W3C datetime with its offset, e.g. 2026-01-01T00:00:00+08:00',
      ]);
      expect((await json.get('requests', { service_request_id: "1' OR '1'='1" })).status).toBe(400);
      const unknown = await json.get('requests', { page: '2' });
      expect(unknown.body).toEqual([{ code: 400, description: 'Unknown argument "page"' }]);
      expect((await json.get('requests/not-an-id')).status).toBe(404);
      expect((await json.get(`requests/${randomUUID()}`)).status).toBe(404);
      expect((await json.get('tokens/ZQ1999-000001')).status).toBe(404);
    });
  });

  describe('privacy', () => {
    it('shows anyone the requests posted through Open311 without description or address, never other cases', async () => {
      const mine = idOf(json, await post(json, '隐私：本合作方提交的诉求'));
      const staffOnly = await staffCase(a.id);
      await settle(mine, staffOnly);
      const anonymous = new GeoReportTestClient(server, 'json');
      const listed = (await anonymous.get('requests')).body as Array<Record<string, unknown>>;
      const entry = listed.find((r) => r.service_request_id === mine);
      expect(entry).toMatchObject({ description: null, address: null, status: 'open', service_code: 'legal' });
      expect(listed.map((r) => r.service_request_id)).not.toContain(staffOnly);
      expect((await anonymous.get(`requests/${staffOnly}`)).status).toBe(404);
      expect(JSON.stringify(listed)).not.toContain(a.contactPhone);
      expect(JSON.stringify(listed)).not.toContain(a.name);

      // Another partner sees the same public view; the posting partner sees its own request in full.
      const otherPartner = (await issueKey({ name: `e2e-other-${randomUUID().slice(0, 8)}`, kind: 'partner' })).key;
      expect(await requestOf(json.withKey(otherPartner), mine)).toMatchObject({ description: null, address: null });
      expect(await requestOf(json, mine)).toMatchObject({ description: '隐私：本合作方提交的诉求', address: a.address });
      expect((await json.get(`requests/${staffOnly}`)).status).toBe(404);
    });

    it("lets an enterprise key read all of its own enterprise's cases, from every channel, and no one else's", async () => {
      const enterpriseKey = (await issueKey({ name: `e2e-own-${randomUUID().slice(0, 8)}`, kind: 'enterprise', enterpriseId: c.id })).key;
      const own = await staffCase(c.id);
      const foreign = await staffCase(b.id);
      await settle(own, foreign);
      const client = json.withKey(enterpriseKey);
      expect(await requestOf(client, own)).toMatchObject({ description: '企业反映厂区路灯损坏，夜班员工出行不便', service_code: 'infrastructure', address: c.address });
      expect((await client.get(`requests/${foreign}`)).status).toBe(404);
      const listed = ids(client, await client.get('requests', { service_code: 'infrastructure' }));
      expect(listed).toContain(own);
      expect(listed).not.toContain(foreign);
    });
  });

  describe('resubmission', () => {
    it('answers the first request when the same device sends the same request again, and only then', async () => {
      const form = { service_code: 'legal', description: `重复提交测试 ${randomUUID()}`, device_id: `phone-${randomUUID().slice(0, 8)}` };
      const first = await json.submit(form, { uscc: a.uscc });
      const again = await json.submit(form, { uscc: a.uscc });
      expect(first.status).toBe(201);
      expect(again.status).toBe(200);
      expect(again.headers['idempotent-replayed']).toBe('true');
      expect(again.body).toEqual(first.body);
      const changed = await json.submit({ ...form, description: `${form.description}（补充）` }, { uscc: a.uscc });
      expect(idOf(json, changed)).not.toBe(idOf(json, first));
      const noDevice = { service_code: 'legal', description: form.description };
      expect(idOf(json, await json.submit(noDevice, { uscc: a.uscc }))).not.toBe(idOf(json, await json.submit(noDevice, { uscc: a.uscc })));
      const count = await pool.query(`SELECT count(*) FROM events WHERE type = 'CaseSubmitted' AND data->>'description' = $1`, [form.description]);
      expect(Number(count.rows[0].count)).toBe(3);
    });
  });

  describe('api key administration', () => {
    it('shows a key once, lists keys without it, stores only its hash', async () => {
      const name = `e2e-admin-${randomUUID().slice(0, 8)}`;
      const issued = await issueKey({ name, kind: 'enterprise', enterpriseId: a.id });
      expect(issued).toMatchObject({ name, kind: 'enterprise', enterpriseId: a.id, createdBy: 'admin', revokedAt: null, key: expect.stringMatching(/^zq311_[A-Za-z0-9_-]{43}$/) });
      expect(issued.keyPrefix).toBe(issued.key.slice(0, 10));
      const listed = (await keyAdmin.get('/api/open311-keys').expect(200)).body.items;
      const entry = listed.find((k: { id: string }) => k.id === issued.id);
      expect(entry).toEqual({ id: issued.id, name, kind: 'enterprise', enterpriseId: a.id, keyPrefix: issued.keyPrefix, createdAt: issued.createdAt, createdBy: 'admin', revokedAt: null, revokedBy: null });
      expect(JSON.stringify(listed)).not.toContain(issued.key);
      const stored = await pool.query(`SELECT * FROM open311_api_keys WHERE id = $1`, [issued.id]);
      expect(JSON.stringify(stored.rows)).not.toContain(issued.key);
      expect(listed.find((k: { name: string }) => k.name === 'demo-partner')).toMatchObject({ kind: 'partner', createdBy: 'system:demo-seed' });
    });

    it('refuses what it cannot issue with problem details', async () => {
      const problem = async (body: Record<string, unknown>, status: number) => {
        const answer = await keyAdmin.post('/api/open311-keys').send(body).expect(status);
        expect(answer.headers['content-type']).toContain('application/problem+json');
        return answer.body;
      };
      expect((await problem({ name: 'e2e-x', kind: 'enterprise' }, 400)).errors).toEqual([{ field: 'enterpriseId', message: expect.stringContaining('enterpriseId') }]);
      await problem({ name: 'e2e-y', kind: 'partner', enterpriseId: a.id }, 400);
      await problem({ name: 'Bad Name!', kind: 'partner' }, 400);
      await problem({ name: 'e2e-z', kind: 'partner', secret: 'x' }, 400);
      await problem({ name: 'demo-partner', kind: 'partner' }, 409);
      await keyAdmin.post(`/api/open311-keys/${randomUUID()}/revoke`).expect(404);
    });

    it('documents the key endpoints in the OpenAPI page and keeps GeoReport (its own specification) out of it', async () => {
      const paths = Object.keys((await admin().get('/api/docs-json').expect(200)).body.paths);
      expect(paths).toEqual(expect.arrayContaining(['/api/open311-keys', '/api/open311-keys/{id}/revoke']));
      expect(paths.filter((p) => p.startsWith('/open311'))).toEqual([]);
    });
  });
});

/** W3C with the Shanghai offset, as the interface answers. */
function toShanghai(iso: string): string {
  return `${new Date(Date.parse(iso) + 8 * 3_600_000).toISOString().slice(0, 19)}+08:00`;
}

function shanghai(ms: number): string {
  return toShanghai(new Date(ms).toISOString());
}
