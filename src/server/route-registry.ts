/**
 * Every route the app registers, with the access it declared — collected by an onRoute hook so
 * that (1) the app refuses to start when a route declares neither `config.right`,
 * `config.authenticated` nor `config.public`, and (2) tests iterate the real route table (a new
 * route without an authorisation test fails the suite).
 */
import type { RouteOptions } from 'fastify';
import type { Right } from '../core/rights.ts';

/** One registered route. */
export interface RegisteredRoute {
  method: string;
  url: string;
  access: { right: Right } | { public: true } | { authenticated: true };
  /** Whether the route has a JSON schema (request or response) for OpenAPI. */
  hasSchema: boolean;
}

/**
 * @example
 * const registry = new RouteRegistry();
 * app.addHook('onRoute', (r) => registry.add(r)); // throws for a route without an access rule
 */
export class RouteRegistry {
  readonly #routes: RegisteredRoute[] = [];

  /**
   * Records a route (call from an onRoute hook); throws — so registration fails and the app does
   * not start — when the route declares no access rule.
   */
  add(route: RouteOptions): void {
    const methods = Array.isArray(route.method) ? route.method : [route.method];
    const config = (route.config ?? {}) as {
      right?: Right;
      public?: boolean;
      authenticated?: boolean;
    };
    const access: RegisteredRoute['access'] | { undeclared: true } =
      config.right !== undefined
        ? { right: config.right }
        : config.public === true
          ? { public: true }
          : config.authenticated === true
            ? { authenticated: true }
            : { undeclared: true };
    if ('undeclared' in access) {
      throw new Error(
        `routes without config.right, config.authenticated or config.public: ${methods.join('|')} ${route.url}`,
      );
    }
    const schema = route.schema as Record<string, unknown> | undefined;
    for (const method of methods) {
      this.#routes.push({
        method: String(method),
        url: route.url,
        access,
        hasSchema: schema !== undefined && Object.keys(schema).length > 0,
      });
    }
  }

  /** All routes, in registration order. */
  get routes(): readonly RegisteredRoute[] {
    return this.#routes;
  }
}
