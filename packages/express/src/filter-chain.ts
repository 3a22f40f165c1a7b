import {
  admitChain,
  type ChainableFilter,
  type ChainOverrides,
  FilterChain,
} from '@streamfilter/core';
import { runFilters } from '@streamfilter/node';
import { expressHost } from './express-host';
import { type ExpressChainOptions, expressOptions } from './options';
import type { ExpressRequest, ExpressResponse, NextFunction } from './types';

/** An Express middleware that runs a filter chain; `route()` derives per-route variants. */
export interface FilterChainMiddleware<Filter extends ChainableFilter = ChainableFilter> {
  (req: ExpressRequest, res: ExpressResponse, next: NextFunction): void;
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
  errorsToNext: boolean,
): FilterChainMiddleware<Filter> {
  function streamfilter(req: ExpressRequest, res: ExpressResponse, next: NextFunction): void {
    const admitted = admitChain(req, chain);
    if (admitted === 'run') runFilters(chain, req, res, expressHost(req, next, errorsToNext));
    else if (admitted === 'skip') next();
    else next(admitted);
  }
  return Object.assign(streamfilter, {
    chain,
    route: (overrides: ChainOverrides<Filter>) =>
      middlewareFor(chain.withOverrides(overrides), errorsToNext),
  });
}

/**
 * Runs `filters` as Express middleware, on the request and the response. Works with
 * `app.use`, on a `Router`, and on a single route, under Express 4 and 5.
 *
 * @example
 * const auth = filterChain([remoteBasicAuth({ url: 'http://127.0.0.1:10000/check' })]);
 * app.use('/api', auth);
 * app.get('/admin', auth.route({ remoteBasicAuth: { realm: 'admin' } }), handler);
 * app.get('/health', auth.route({ remoteBasicAuth: false }), health);
 */
export function filterChain<Filter extends ChainableFilter>(
  filters: readonly Filter[],
  options?: ExpressChainOptions,
): FilterChainMiddleware<Filter> {
  const { chainOptions, errorsToNext } = expressOptions(options);
  return middlewareFor(new FilterChain(filters, chainOptions), errorsToNext);
}
