import type { IncomingMessage, ServerResponse } from 'node:http';
import type { RequestAuth } from '@streamfilter/core';

/**
 * What a framework adapter tells the node:http layer about its framework, per request: how the
 * framework goes on, how it is kept from answering after a local reply, what a rewritten path
 * means for it, and where an error goes. Everything else (request body, response interception,
 * lifecycle) is the node:http layer's.
 *
 * @example
 * // Express: what the adapter passes for one request
 * runFilters(chain, req, res, {
 *   path: req.baseUrl + req.url,
 *   proceed: () => next(),
 *   rewrite: (method, path) => reroute(req, method, path), // throws when Express cannot follow
 *   fail: (error) => next(error),
 * });
 */
export interface Host {
  /**
   * The path filters see (`RequestHeaderMap.path`): the one the framework routes on, in origin
   * form with its query (`/users/1?x=y`), also for an absolute-form target
   * (`GET http://host/users/1`). Default: `req.url` in origin form.
   */
  readonly path?: string;
  /** The route pattern, when the framework already routed (`/users/:id`); for `streamInfo.route`. */
  readonly route?: string | undefined;
  /**
   * The request passed every decode hook: the framework goes on with it. Express: `next()`; a
   * bare listener: `listener(req, res)`; Fastify: the hook's `done()`; Koa: `await next()`.
   * Called at most once, and never after a local reply was sent before it. Given `req` and
   * `res`, so one host object can serve every request (as `withFilters` does).
   */
  proceed(req: IncomingMessage, res: ServerResponse): void;
  /**
   * An authentication filter let the request in (its `AUTH_METADATA` record names a user):
   * called just before `proceed`, so the host can expose it (Express: `req.auth`).
   */
  authenticated?(auth: RequestAuth): void;
  /**
   * Filters changed the method or the path: make the framework route on them (Express, Koa:
   * set `req.url`, `req.method`), or keep it as it is when it already routed (Fastify). Throw
   * a `StreamFilterError` when the framework cannot follow; the error goes to `fail`.
   * Default: `req.method` and `req.url` are set.
   */
  rewrite?(method: string, path: string): void;
  /**
   * The chain answers this request itself (a filter's `sendLocalReply`, a failure's 500, 413,
   * a filter timeout's 504), with `details` as in `streamInfo.responseCodeDetails`. Called once,
   * before the reply is written. If `proceed` ran already, the application's writes to `res`
   * are dropped by the node:http layer; a framework that answers on its own after the
   * application (Koa's `ctx.respond`) must be told here not to.
   */
  localReply?(details: string): void;
  /**
   * The request could not be handed to the framework (`rewrite` threw). Express: `next(error)`.
   * Default: a fixed 500 (`Internal Server Error`), the details logged through the chain's
   * logger. Errors thrown by filters come here only with `failOnFilterError`.
   */
  fail?(error: unknown): void;
  /**
   * Also give `fail` the error of a filter that threw or rejected before the request was handed
   * on, instead of the chain's fixed 500 (the error is logged either way). What the framework
   * then answers passes the encode hooks of the filters that ran before the failing one.
   * Default `false`.
   */
  readonly failOnFilterError?: boolean;
}
