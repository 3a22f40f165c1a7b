import type { RequestAuth } from '@streamfilter/core';
import { type Host, originForm } from '@streamfilter/node';
import type { Context, Next } from 'koa';

const DONE = Promise.resolve();

/**
 * Koa as the node:http layer's host, for one request: `next()` goes on; a local reply sets
 * `ctx.respond = false` so Koa writes nothing on top of it; a rewrite sets `ctx.method` and
 * `ctx.url`, which is what the middleware after the chain (a router) sees; the user an auth
 * filter let in is `ctx.state.auth`.
 *
 * `outcome` is what the middleware returns: settled when the chain answered or failed, or
 * when the middleware after it finished.
 */
export class KoaHost implements Host {
  readonly #ctx: Context;
  readonly #next: Next;
  #outcome: Promise<void> | undefined;
  #settle: ((outcome: Promise<void>) => void) | undefined;

  constructor(ctx: Context, next: Next) {
    this.#ctx = ctx;
    this.#next = next;
  }

  /** What Koa and its routers route on (`ctx.path`, with the query): origin form. */
  get path(): string {
    return originForm(this.#ctx.url);
  }

  /** What the middleware returns; decided now when the chain did not park. */
  get outcome(): Promise<void> {
    this.#outcome ??= new Promise((resolve) => {
      this.#settle = resolve;
    });
    return this.#outcome;
  }

  #end(outcome: Promise<void>): void {
    if (this.#settle !== undefined) {
      this.#settle(outcome);
      this.#settle = undefined;
    } else {
      this.#outcome ??= outcome;
    }
  }

  authenticated(auth: RequestAuth): void {
    this.#ctx.state.auth = auth;
  }

  proceed(): void {
    this.#end(this.#next());
  }

  rewrite(method: string, path: string): void {
    const ctx = this.#ctx;
    if (ctx.method !== method) ctx.method = method;
    if (ctx.url !== path) ctx.url = path;
  }

  localReply(): void {
    this.#ctx.respond = false;
    this.#end(DONE);
  }

  fail(error: unknown): void {
    this.#end(Promise.reject(error));
  }
}
