import { isValidUscc, isUrgency, Urgency } from '@zhuqi/reference-data';
import { badRequest } from './georeport-errors';
import { ATTRIBUTE_CODES, AttributeCode, URGENCY_NAMES } from './service-catalogue';
import { MAINLAND_PHONE, MAINLAND_PHONE_MESSAGE } from '../http/text.validators';

/** A parsed form or query string: each value a string, or a list when the key came more than once. */
export type FormFields = Record<string, unknown>;

/** What POST requests takes besides api_key and jurisdiction_id (the specification's arguments). */
const FIELDS = [
  'service_code',
  'lat',
  'long',
  'address_string',
  'address_id',
  'email',
  'device_id',
  'account_id',
  'first_name',
  'last_name',
  'phone',
  'description',
  'media_url',
] as const;
const CREDENTIALS = ['api_key', 'jurisdiction_id'] as const;

/** What a request posted through Open311 becomes (the intake of a case, channel `online`). */
export interface ServiceRequestInput {
  description: string;
  title: string;
  urgency: Urgency;
  /** 统一社会信用代码 of attribute[uscc]: required with a partner key. */
  uscc: string | null;
  contactName: string | null;
  contactPhone: string | null;
  deviceId: string | null;
  accountId: string | null;
}

/** Visible text (line breaks and tabs allowed in `multiline` text), no other control characters. */
const TEXT = /^[^\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]*$/;
const LINE = /^[^\u0000-\u001F\u007F]*$/;
const EMAIL = /^[^\s@]{1,64}@[^\s@]{1,189}\.[^\s@]{1,63}$/;
const VISIBLE_ASCII = /^[\x21-\x7E]+$/;
const DECIMAL = /^[+-]?\d{1,3}(\.\d{1,15})?$/;
const SERVICE_CODE = /^[a-z][a-z0-9_]{0,39}$/;
const ATTRIBUTE = /^attribute\[([^\]]*)\](.*)$/;
/** A title made from the description: its first line, at most this many characters. */
const TITLE_FROM_DESCRIPTION = 50;

const own = (fields: FormFields, key: string) => Object.prototype.hasOwnProperty.call(fields, key);

/**
 * One value of a key: the specification's optional arguments treat an empty value as absent; a key given
 * twice (a list) is refused.
 */
function single(fields: FormFields, key: string, problems: string[]): string | undefined {
  if (!own(fields, key)) return undefined;
  const value = fields[key];
  if (typeof value !== 'string') {
    problems.push(`${key} was given more than once`);
    return undefined;
  }
  return value === '' ? undefined : value;
}

/** api_key and jurisdiction_id, from the body or the query string (clients put jurisdiction_id in either). */
export function readCredentials(...sources: FormFields[]): { apiKey?: string; jurisdictionId?: string } {
  const problems: string[] = [];
  const pick = (key: string): string | undefined => {
    const values = sources.map((fields) => single(fields, key, problems)).filter((v): v is string => v !== undefined);
    if (new Set(values).size > 1) problems.push(`${key} was given twice with different values`);
    return values[0];
  };
  const apiKey = pick('api_key');
  const jurisdictionId = pick('jurisdiction_id');
  if (problems.length) throw badRequest(problems);
  return { apiKey, jurisdictionId };
}

/** Refuses keys a GET does not know (a typo must not widen an answer silently). */
export function refuseUnknown(fields: FormFields, known: readonly string[]): void {
  const unknown = Object.keys(fields).filter((key) => !known.includes(key) && !(CREDENTIALS as readonly string[]).includes(key));
  if (unknown.length) throw badRequest(unknown.map((key) => `Unknown argument "${printable(key)}"`));
}

/** The service_code of a POST, checked before the rest so that an unknown one is answered 404. */
export function readServiceCode(body: FormFields): string {
  const problems: string[] = [];
  const code = single(body, 'service_code', problems);
  if (problems.length) throw badRequest(problems);
  if (code === undefined) throw badRequest('service_code was not provided');
  return code;
}

export const isServiceCode = (code: string) => SERVICE_CODE.test(code);

/**
 * Every other field of POST requests, all problems at once. Location, email and media_url are checked and
 * then not kept: the enterprise's premises are its location, and the case has no place for the others.
 */
export function parseServiceRequest(body: FormFields, query: FormFields): ServiceRequestInput {
  const problems: string[] = [];
  for (const key of Object.keys(query)) {
    if (!(CREDENTIALS as readonly string[]).includes(key)) problems.push(`Unknown query argument "${printable(key)}": POST the fields in the body`);
  }
  const attributes: Partial<Record<AttributeCode, string>> = {};
  for (const key of Object.keys(body)) {
    if ((FIELDS as readonly string[]).includes(key) || (CREDENTIALS as readonly string[]).includes(key)) continue;
    const attribute = ATTRIBUTE.exec(key);
    if (!attribute) {
      problems.push(`Unknown argument "${printable(key)}"`);
      continue;
    }
    const [, code, rest] = attribute;
    if (!(ATTRIBUTE_CODES as readonly string[]).includes(code)) {
      problems.push(`Unknown attribute "${printable(code)}" (this service takes ${ATTRIBUTE_CODES.join(', ')})`);
    } else if (rest !== '') {
      problems.push(`attribute[${code}] takes one value (it is not a multivaluelist)`);
    } else {
      const value = single(body, key, problems);
      if (value !== undefined) attributes[code as AttributeCode] = value;
    }
  }
  const field = (key: (typeof FIELDS)[number]) => single(body, key, problems);
  const text = (key: string, value: string | undefined, max: number, multiline = false): string | undefined => {
    if (value === undefined) return undefined;
    const trimmed = value.trim();
    if (trimmed === '') problems.push(`${key} must contain visible text`);
    else if ([...trimmed].length > max) problems.push(`${key} is longer than ${max} characters`);
    else if (!(multiline ? TEXT : LINE).test(trimmed)) problems.push(`${key} must not contain control characters${multiline ? '' : ' or line breaks'}`);
    else return trimmed;
    return undefined;
  };

  const description = text('description', field('description'), 4000, true);
  if (!own(body, 'description') || body.description === '') problems.push('description was not provided: describe the request');

  const title = text('attribute[title]', attributes.title, 200);
  let urgency: Urgency = 'normal';
  if (attributes.urgency !== undefined) {
    if (isUrgency(attributes.urgency)) urgency = attributes.urgency;
    else problems.push(`attribute[urgency] must be one of ${Object.keys(URGENCY_NAMES).join(', ')}`);
  }
  let uscc: string | null = null;
  if (attributes.uscc !== undefined) {
    const candidate = attributes.uscc.trim().toUpperCase();
    if (isValidUscc(candidate)) uscc = candidate;
    else problems.push('attribute[uscc] is not a valid 统一社会信用代码 (18 characters with a matching check character)');
  }

  const firstName = text('first_name', field('first_name'), 25);
  const lastName = text('last_name', field('last_name'), 25);
  const phone = field('phone');
  const contactPhone = phone === undefined ? undefined : phone.replace(/[\s-]/g, '').replace(/^\+?86/, '');
  if (contactPhone !== undefined && !MAINLAND_PHONE.test(contactPhone)) problems.push(`phone ${MAINLAND_PHONE_MESSAGE}`);

  const email = field('email');
  if (email !== undefined && (email.length > 254 || !EMAIL.test(email))) problems.push('email is not an email address');
  const deviceId = field('device_id');
  if (deviceId !== undefined && (deviceId.length > 100 || !VISIBLE_ASCII.test(deviceId))) problems.push('device_id must be 1–100 visible ASCII characters');
  const accountId = text('account_id', field('account_id'), 100);
  text('address_string', field('address_string'), 500);
  text('address_id', field('address_id'), 100);
  const lat = field('lat');
  const long = field('long');
  if ((lat === undefined) !== (long === undefined)) problems.push('lat and long must be sent together');
  if (lat !== undefined && (!DECIMAL.test(lat) || Math.abs(Number(lat)) > 90)) problems.push('lat must be a WGS84 latitude between -90 and 90');
  if (long !== undefined && (!DECIMAL.test(long) || Math.abs(Number(long)) > 180)) problems.push('long must be a WGS84 longitude between -180 and 180');
  const mediaUrl = field('media_url');
  if (mediaUrl !== undefined && (mediaUrl.length > 2000 || !/^https?:\/\/[\x21-\x7E]+$/.test(mediaUrl))) problems.push('media_url must be an http(s) URL');

  if (problems.length) throw badRequest(problems);
  const firstLine = description!.split(/\r?\n/)[0].trim();
  const chars = [...firstLine];
  return {
    description: description!,
    title: title ?? (chars.length > TITLE_FROM_DESCRIPTION ? `${chars.slice(0, TITLE_FROM_DESCRIPTION - 1).join('')}…` : firstLine),
    urgency,
    uscc,
    // Chinese names are family name first.
    contactName: lastName || firstName ? `${lastName ?? ''}${firstName ?? ''}` : null,
    contactPhone: contactPhone ?? null,
    deviceId: deviceId ?? null,
    accountId: accountId ?? null,
  };
}

/** A key named in an error message, cut short and stripped of control characters. */
function printable(key: string): string {
  const clean = key.replace(/[\u0000-\u001F\u007F]/g, '?');
  return clean.length > 60 ? `${clean.slice(0, 60)}…` : clean;
}
