import { INestApplication, RequestMethod } from '@nestjs/common';
import { METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants';
import { ApplicationConfig, MetadataScanner, ModulesContainer, Reflector } from '@nestjs/core';
import { isRouteExcluded } from '@nestjs/core/router/utils';
import type { StaffRole } from '@zhuqi/reference-data';
import { accessOf } from '../../../apps/api/src/auth/access.guard';
import { projectionsReadBy } from '../../../apps/api/src/read-models/read-your-writes';

export interface ApiRoute {
  /** `POST /api/cases/:id/dispatch` */
  key: string;
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  path: string;
  controller: string;
  handler: string;
  /** The route's own declaration: public, the roles named, or undefined (none: refused to everyone). */
  access: { public: true } | { roles: readonly StaffRole[] } | undefined;
  /** The read models a `?position=` makes it wait for (`@ReadsProjections`); empty for the others. */
  readsProjections: readonly string[];
}

const METHODS: Partial<Record<RequestMethod, ApiRoute['method']>> = {
  [RequestMethod.GET]: 'GET',
  [RequestMethod.POST]: 'POST',
  [RequestMethod.PUT]: 'PUT',
  [RequestMethod.PATCH]: 'PATCH',
  [RequestMethod.DELETE]: 'DELETE',
};

const asList = (value: string | string[] | undefined): string[] => (Array.isArray(value) ? value : [value ?? '']);

/**
 * Every route of the running app, read from Nest's own router metadata (controllers of every module,
 * their handlers' method and path), so that a route added tomorrow is in the list without anyone adding it.
 */
export function discoverRoutes(app: INestApplication): ApiRoute[] {
  const reflector = app.get(Reflector);
  // The app's own global prefix and the routes it leaves out of it (Open311 lives at /open311).
  const config = (app as unknown as { config: ApplicationConfig }).config;
  const globalPrefix = config.getGlobalPrefix();
  const excluded = config.getGlobalPrefixOptions().exclude ?? [];
  const scanner = new MetadataScanner();
  const routes: ApiRoute[] = [];
  for (const module of app.get(ModulesContainer).values()) {
    for (const wrapper of module.controllers.values()) {
      const controller = wrapper.metatype as (new (...args: never[]) => object) | undefined;
      if (!controller) continue;
      const prototype = controller.prototype as Record<string, unknown>;
      for (const name of scanner.getAllMethodNames(prototype)) {
        const handler = prototype[name] as object;
        const requestMethod = Reflect.getMetadata(METHOD_METADATA, handler) as RequestMethod;
        const method = METHODS[requestMethod];
        const handlerPaths = Reflect.getMetadata(PATH_METADATA, handler) as string | string[] | undefined;
        if (!method || handlerPaths === undefined) continue;
        for (const base of asList(Reflect.getMetadata(PATH_METADATA, controller))) {
          for (const own of asList(handlerPaths)) {
            const ownPath = `/${[base, own].map((p) => p.replace(/^\/+|\/+$/g, '')).filter(Boolean).join('/')}`;
            const prefix = isRouteExcluded(excluded, ownPath, requestMethod) ? '' : globalPrefix.replace(/^\/+|\/+$/g, '');
            const path = prefix ? `/${prefix}${ownPath}` : ownPath;
            routes.push({ key: `${method} ${path}`, method, path, controller: controller.name, handler: name, access: accessOf(reflector, handler, controller), readsProjections: projectionsReadBy(reflector, handler, controller) });
          }
        }
      }
    }
  }
  return routes.sort((x, y) => x.key.localeCompare(y.key));
}

/** The same path with its parameters filled: ids that exist nowhere, a grid, a past day. */
export function concretePath(path: string, values: Record<string, string> = {}): string {
  const defaults: Record<string, string> = { id: '00000000-0000-4000-8000-000000000000', code: 'g01', date: '1999-01-01', day: '1999-01-01', format: 'json', token: '00000000-0000-4000-8000-000000000000', ...values };
  return path.replace(/:(\w+)/g, (_, name: string) => defaults[name] ?? 'x');
}
