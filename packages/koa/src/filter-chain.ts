import {
  admitChain,
  type ChainableFilter,
  type ChainOverrides,
  FilterChain,
  type FilterChainOptions,
} from '@streamfilter/core';
import { runFilters } from '@streamfilter/node';
import type { Context, Next } from 'koa';
import { KoaHost } from './koa-host';

/** A Koa middleware that runs a filter chain; `route()` derives per-route variants. */
export interface FilterChainMiddleware<Filter extends ChainableFilter = ChainableFilter> {
  (ctx: Context, next: Next): Promise<void>;
  /** The core chain this middleware runs. */
  readonly chain: FilterChain<Filter>;
  /**
   * The same chain for one route, with per-filter overrides merged through each filter's
   * `merge` (`false` drops a filter). Validated now, so a bad override fails at startup. Typed
   * by filter name where the chain's filter names are known (the shipped filters, `defineFilter`).
   */
  route(overrides: ChainOverrides<Filter>): FilterChainMiddleware<Filter>;
}

function middlewareFor<Filter extends ChainableFilter>(
  chain: FilterChain<Filter>,
): FilterChainMiddleware<Filter> {
  function streamfilter(ctx: Context, next: Next): Promise<void> {
    const admitted = admitChain(ctx.req, chain);
    if (admitted === 'skip') return next();
    if (admitted !== 'run') return Promise.reject(admitted);
    const host = new KoaHost(ctx, next);
    runFilters(chain, ctx.req, ctx.res, host);
    return host.outcome;
  }
  return Object.assign(streamfilter, {
    chain,
    route: (overrides: ChainOverrides<Filter>) => middlewareFor(chain.withOverrides(overrides)),
  });
}

/**
 * Runs `filters` as Koa middleware, on the request and the response, under Koa 2 and 3. Mount
 * it before the router and the body parser: they see the request the filters let through.
 *
 * @example
 * const auth = filterChain([remoteBasicAuth({ url: 'http://127.0.0.1:10000/check' })]);
 * app.use(auth);
 * router.get('/admin', auth.route({ remoteBasicAuth: { realm: 'admin' } }), handler);
 */
export function filterChain<Filter extends ChainableFilter>(
  filters: readonly Filter[],
  options?: FilterChainOptions,
): FilterChainMiddleware<Filter> {
  return middlewareFor(new FilterChain(filters, options));
}
