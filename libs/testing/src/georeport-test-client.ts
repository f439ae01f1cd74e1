import { XMLParser, XMLValidator } from 'fast-xml-parser';
import request from 'supertest';
import type { App } from 'supertest/types';

/** Elements that are lists in GeoReport v2 XML (the Spark convention's containers). */
const LISTS = new Set([
  'services.service',
  'service_requests.request',
  'errors.error',
  'service_definition.attributes.attribute',
  'service_definition.attributes.attribute.values.value',
  'discovery.endpoints.endpoint',
  'discovery.endpoints.endpoint.formats.format',
]);

const xml = new XMLParser({ parseTagValue: false, isArray: (_name, path) => LISTS.has(String(path)) });

export interface Answer {
  status: number;
  contentType: string;
  raw: string;
  headers: Record<string, string>;
  /** JSON as sent; XML read by a real parser, with `?xml` (the declaration) kept. */
  body: any;
}

/**
 * Calls the interface the way a GeoReport v2 client does (the calls of codeforamerica's node-open311):
 * `<endpoint><resource>.<format>` with jurisdiction_id in the query string, and POST requests as an
 * application/x-www-form-urlencoded body with api_key and `attribute[code]=value` keys. Nothing is
 * read back through the app's own code: bytes in, bytes out.
 */
export class GeoReportTestClient {
  constructor(
    private readonly server: App,
    readonly format: 'json' | 'xml',
    private readonly options: { jurisdiction?: string; apiKey?: string; endpoint?: string } = {},
  ) {}

  withKey(apiKey: string | undefined): GeoReportTestClient {
    return new GeoReportTestClient(this.server, this.format, { ...this.options, apiKey });
  }

  async get(resource: string, params: Record<string, string> = {}): Promise<Answer> {
    // Reads need no api_key (the specification); with one, the holder also sees its own requests in full.
    const query = new URLSearchParams({
      ...(this.options.jurisdiction ? { jurisdiction_id: this.options.jurisdiction } : {}),
      ...(this.options.apiKey ? { api_key: this.options.apiKey } : {}),
      ...params,
    });
    const path = `${this.options.endpoint ?? '/open311/v2/'}${resource}.${this.format}${query.size ? `?${query}` : ''}`;
    return this.read(await request(this.server).get(path).buffer(true).parse(rawText as unknown as Parser));
  }

  /** POST requests: `body` is sent as given when it is a string (byte-level), else form-encoded like node-open311. */
  async submit(data: Record<string, string> | string, attributes: Record<string, string> = {}, headers: Record<string, string> = {}): Promise<Answer> {
    let body: string;
    if (typeof data === 'string') {
      body = data;
    } else {
      const form = new URLSearchParams(this.options.apiKey ? { api_key: this.options.apiKey } : {});
      for (const [key, value] of Object.entries(data)) form.append(key, value);
      for (const [code, value] of Object.entries(attributes)) form.append(`attribute[${code}]`, value);
      body = form.toString();
    }
    const query = this.options.jurisdiction ? `?jurisdiction_id=${encodeURIComponent(this.options.jurisdiction)}` : '';
    const answer = await request(this.server)
      .post(`${this.options.endpoint ?? '/open311/v2/'}requests.${this.format}${query}`)
      .set('Content-Type', 'application/x-www-form-urlencoded; charset=utf-8')
      .set(headers)
      .send(body)
      .buffer(true)
      .parse(rawText as unknown as Parser);
    return this.read(answer);
  }

  read(answer: request.Response): Answer {
    const raw = answer.body as string;
    const contentType = String(answer.headers['content-type']);
    let body: unknown;
    if (this.format === 'json') body = JSON.parse(raw);
    else {
      const valid = XMLValidator.validate(raw);
      if (valid !== true) throw new Error(`invalid XML: ${JSON.stringify(valid)}\n${raw}`);
      body = xml.parse(raw);
    }
    return { status: answer.status, contentType, raw, headers: answer.headers as Record<string, string>, body };
  }

  /** The list of an answer in either format: `[…]` or `<root><item/>…</root>`. */
  items(answer: Answer, root: string, item: string): any[] {
    if (this.format === 'json') return answer.body;
    const container = answer.body[root];
    return container === '' || container === undefined ? [] : container[item];
  }
}

type Parser = Parameters<request.Test['parse']>[0];

/** Keeps the body as the exact text received, whatever its content type. */
function rawText(res: NodeJS.ReadableStream & { setEncoding(e: string): void }, callback: (error: Error | null, body: string) => void): void {
  let text = '';
  res.setEncoding('utf8');
  res.on('data', (chunk: string) => (text += chunk));
  res.on('end', () => callback(null, text));
}
