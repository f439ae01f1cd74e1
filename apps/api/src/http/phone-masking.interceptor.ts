import { CallHandler, ExecutionContext, Injectable, NestInterceptor, SetMetadata, StreamableFile } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { map, Observable } from 'rxjs';
import type { StaffRole } from '@zhuqi/reference-data';
import { SEE_CONTACT_PHONES, SEE_STAFF_PHONES } from '../auth/roles';
import type { ApiRequest } from './request-context';

const UNMASKED = 'zhuqi:phones:unmasked';

/** The route answers with the caller's own data (GET /me): nothing to mask. */
export const UnmaskedPhones = () => SetMetadata(UNMASKED, true);

/** 13812341234 → 138****1234; 0571-88881234 → 057******1234. */
export function maskPhone(phone: string): string {
  if (phone.length <= 7) return '*'.repeat(phone.length);
  return `${phone.slice(0, 3)}${'*'.repeat(phone.length - 7)}${phone.slice(-4)}`;
}

function masked(value: unknown, keys: ReadonlySet<string>, depth = 0): unknown {
  if (depth > 20 || value === null || typeof value !== 'object' || value instanceof Date || Buffer.isBuffer(value) || value instanceof StreamableFile) return value;
  if (Array.isArray(value)) return value.map((item) => masked(item, keys, depth + 1));
  const out: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) {
    out[key] = keys.has(key) && typeof item === 'string' && item ? maskPhone(item) : masked(item, keys, depth + 1);
  }
  return out;
}

/**
 * Phone numbers are shown in full only to the roles that call people: contact phones (`contactPhone` of a
 * case, its history and an enterprise) to grid workers, dispatchers, handlers and supervisors; staff
 * phones (`phone`) to dispatchers, supervisors and admins. Everyone else — and every caller without a
 * staff login — gets 138****1234. Applied to every JSON answer, so a new route cannot forget it.
 */
@Injectable()
export class PhoneMaskingInterceptor implements NestInterceptor {
  constructor(private readonly reflector: Reflector) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (context.getType() !== 'http' || this.reflector.get<boolean>(UNMASKED, context.getHandler())) return next.handle();
    const role = context.switchToHttp().getRequest<ApiRequest>().account?.role as StaffRole | undefined;
    const keys = new Set<string>();
    if (!role || !SEE_CONTACT_PHONES.includes(role)) keys.add('contactPhone');
    if (!role || !SEE_STAFF_PHONES.includes(role)) keys.add('phone');
    if (keys.size === 0) return next.handle();
    return next.handle().pipe(map((body) => masked(body, keys)));
  }
}
