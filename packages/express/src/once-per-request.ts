import { type FilterChain, StreamFilterError } from '@streamfilter/core';
import type { ExpressRequest } from './types';

/** The chains (by base chain) each request went through, so none runs its filters twice. */
const chainsRun = new WeakMap<ExpressRequest, FilterChain[]>();

/**
 * Whether `chain` should run for `req`: `'run'` the first time a chain of its family (the chain
 * and its `route()` variants) meets the request; `'skip'` when this very chain already ran (the
 * same middleware mounted twice); an error when another variant of it already ran, since its
 * filters cannot run twice nor be undone.
 */
export function admit(req: ExpressRequest, chain: FilterChain): 'run' | 'skip' | StreamFilterError {
  const run = chainsRun.get(req);
  if (run === undefined) {
    chainsRun.set(req, [chain]);
    return 'run';
  }
  const earlier = run.find((c) => c.base === chain.base);
  if (earlier === undefined) {
    run.push(chain);
    return 'run';
  }
  if (earlier === chain) return 'skip';
  return new StreamFilterError(
    'ERR_INVALID_CHAIN',
    `filterChain: ${describe(req)} already went through another variant of this chain (${names(earlier)}) before reaching chain.route(...) (${names(chain)}); ` +
      'each filter runs once per request, so the override cannot apply. Mount the chain where it does not cover its variants: ' +
      'register the route before app.use(chain), or put chain / chain.route(...) on each router or route instead of app.use(chain)',
  );
}

function describe(req: ExpressRequest): string {
  return `${req.method ?? 'GET'} ${(req.originalUrl ?? req.url ?? '/').split('?')[0]}`;
}

function names(chain: FilterChain): string {
  return `[${chain.filters.map((f) => f.name).join(', ')}]`;
}
