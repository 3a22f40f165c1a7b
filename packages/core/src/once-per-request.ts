import { StreamFilterError } from './errors';
import type { FilterChain } from './filter-chain';

/**
 * The chains (by base chain) each request went through, so none runs its filters twice: the
 * first chain itself, a list only once a second chain meets the request. Kept beside the
 * request, not on it: a property added to the host's request object changes its shape, and
 * the framework's own code, tuned for that shape, then runs measurably slower (3 µs a request
 * under Express).
 */
const chainsRun = new WeakMap<object, FilterChain | FilterChain[]>();

/** What a host's request object tells of itself, for the error message. */
interface RequestLike {
  method?: string | undefined;
  url?: string | undefined;
  originalUrl?: string | undefined;
}

/**
 * Whether `chain` should run on `request` (the host's own request object, the same in every
 * middleware: node's `IncomingMessage`, a Fetch `Request`): `'run'` the first time a chain of
 * its family (the chain and its `withOverrides` variants) meets the request; `'skip'` when this
 * very chain already ran (the same middleware mounted twice); an `ERR_INVALID_CHAIN` error when
 * another variant already ran, since its filters can neither run twice nor be undone.
 */
export function admitChain(
  request: object,
  chain: FilterChain,
): 'run' | 'skip' | StreamFilterError {
  const req = request as RequestLike;
  const run = chainsRun.get(request);
  if (run === undefined) {
    chainsRun.set(request, chain);
    return 'run';
  }
  const earlier = Array.isArray(run)
    ? run.find((c) => c.base === chain.base)
    : run.base === chain.base
      ? run
      : undefined;
  if (earlier === undefined) {
    if (Array.isArray(run)) run.push(chain);
    else chainsRun.set(request, [run, chain]);
    return 'run';
  }
  if (earlier === chain) return 'skip';
  return new StreamFilterError(
    'ERR_INVALID_CHAIN',
    `filterChain: ${describe(req)} already went through another variant of this chain (${names(earlier)}) before reaching this variant (${names(chain)}); ` +
      'each filter runs once per request, so the override cannot apply. Mount the chain where it does not cover its variants: ' +
      'register the route before app.use(chain), or put chain / chain.route(...) on each router or route instead of app.use(chain)',
  );
}

function describe(req: RequestLike): string {
  const url = req.originalUrl ?? req.url ?? '/';
  const path = url.startsWith('/') ? url : url.replace(/^[a-z]+:\/\/[^/]*/i, '');
  return `${req.method ?? 'GET'} ${path.split('?')[0] || '/'}`;
}

function names(chain: FilterChain): string {
  return `[${chain.filters.map((f) => f.name).join(', ')}]`;
}
