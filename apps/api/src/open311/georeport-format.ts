import type { Response } from 'express';
import { XMLBuilder } from 'fast-xml-parser';
import { badRequest } from './georeport-errors';

export type GeoReportFormat = 'json' | 'xml';

/** One answer in both formats: the JSON (the Spark convention) and the XML tree under its root element. */
export interface GeoReportDocument {
  json: unknown;
  xml: Record<string, unknown>;
}

export const CONTENT_TYPES: Record<GeoReportFormat, string> = {
  json: 'application/json; charset=utf-8',
  xml: 'text/xml; charset=utf-8',
};

/** The `.json` / `.xml` ending of a resource; anything else is a malformed URL (400). */
export function formatOf(extension: string | undefined): GeoReportFormat {
  if (extension === 'json' || extension === 'xml') return extension;
  throw badRequest(`Unknown format "${String(extension)}": ask for .xml or .json`);
}

/** For error answers: the format the URL asked for, XML (the specification's required format) otherwise. */
export function formatOfPath(path: string): GeoReportFormat {
  return /\.json$/i.test(path) ? 'json' : 'xml';
}

const builder = new XMLBuilder({ format: true, indentBy: '  ', suppressEmptyNode: true, processEntities: true });

// Characters XML 1.0 cannot carry at all (escaping does not help): control characters and lone surrogates.
const NOT_XML = /[^\x09\x0A\x0D\x20-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;

function xmlSafe(value: unknown): unknown {
  if (typeof value === 'string') return value.replace(NOT_XML, '');
  if (Array.isArray(value)) return value.map(xmlSafe);
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, xmlSafe(v)]));
  return value;
}

export function serialize(format: GeoReportFormat, document: GeoReportDocument): string {
  if (format === 'json') return JSON.stringify(document.json);
  return `<?xml version="1.0" encoding="UTF-8"?>\n${builder.build(xmlSafe(document.xml))}`;
}

export function send(res: Response, status: number, format: GeoReportFormat, document: GeoReportDocument): void {
  res.status(status).setHeader('Content-Type', CONTENT_TYPES[format]);
  res.send(serialize(format, document));
}

/** A list answered as a JSON array and as `<root><item/>…</root>` (an empty list is `<root/>`). */
export function listDocument(root: string, item: string, items: Array<Record<string, unknown>>): GeoReportDocument {
  return { json: items, xml: { [root]: items.length ? { [item]: items } : '' } };
}

export function errorDocument(status: number, descriptions: string[]): GeoReportDocument {
  return listDocument(
    'errors',
    'error',
    descriptions.map((description) => ({ code: status, description })),
  );
}
