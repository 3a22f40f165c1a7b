import { type RequestAuth, StreamFilterError } from '@streamfilter/core';
import { authorityOf, type Host, originForm } from '@streamfilter/node';
import type { ExpressRequest, NextFunction } from './types';

/**
 * Express as the node:http layer's host: filters see the full path Express routes on
 * (`req.baseUrl` + `req.url` in origin form, whatever router the chain is mounted on), `next()`
 * goes on, a rewrite is what Express routes on, and an error goes to Express's error handlers.
 * One object per request, its methods on the prototype.
 */
class ExpressHost implements Host {
  readonly path: string;
  readonly route: string | undefined;
  readonly failOnFilterError: boolean;
  readonly #req: ExpressRequest;
  readonly #next: NextFunction;

  constructor(req: ExpressRequest, next: NextFunction, failOnFilterError: boolean) {
    this.#req = req;
    this.#next = next;
    this.failOnFilterError = failOnFilterError;
    this.path = (req.baseUrl ?? '') + originForm(req.url ?? '/');
    const route = req.route?.path;
    this.route = typeof route === 'string' ? route : undefined;
  }

  proceed(): void {
    this.#next();
  }

  authenticated(auth: RequestAuth): void {
    this.#req.auth = auth;
  }

  rewrite(method: string, path: string): void {
    reroute(this.#req, method, path);
  }

  fail(error: unknown): void {
    this.#next(error);
  }
}

/** The host for one request under Express. */
export function expressHost(
  req: ExpressRequest,
  next: NextFunction,
  failOnFilterError: boolean,
): Host {
  return new ExpressHost(req, next, failOnFilterError);
}

/**
 * Makes Express route on the method and path the filters left. Throws when a filter moved the
 * path outside the router the chain is mounted on, where Express cannot follow.
 */
function reroute(req: ExpressRequest, method: string, path: string): void {
  if (method !== req.method) req.method = method;
  const base = req.baseUrl ?? '';
  const url = req.url ?? '/';
  if (path === base + originForm(url)) return;
  if (
    base !== '' &&
    !(path === base || path.startsWith(`${base}/`) || path.startsWith(`${base}?`))
  ) {
    throw new StreamFilterError(
      'ERR_INVALID_HEADER',
      `setPath: ${JSON.stringify(path)} is outside the mount path ${JSON.stringify(base)} of this filter chain; mount the chain higher (e.g. app.use) to rewrite across routers`,
    );
  }
  const rest = path.slice(base.length);
  // Express keeps an absolute-form target's authority in front while it routes under a mount.
  req.url = authorityOf(url) + (rest.startsWith('/') ? rest : `/${rest}`);
  refreshExpress4Query(req);
}

/** Express 5 parses `req.query` on access; Express 4 parsed it once, before the chain. */
function refreshExpress4Query(req: ExpressRequest): void {
  const descriptor = Object.getOwnPropertyDescriptor(req, 'query');
  const parse = req.app?.get('query parser fn');
  if (descriptor === undefined || !('value' in descriptor) || typeof parse !== 'function') return;
  const url = req.url ?? '';
  const at = url.indexOf('?');
  req.query = parse(at === -1 ? '' : url.slice(at + 1));
}
