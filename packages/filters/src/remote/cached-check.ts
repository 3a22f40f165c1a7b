import type { CheckOutcome } from './check-outcome';
import type { DecisionCache } from './decision-cache';

/** Where a decision came from: the cache, a new call, or a call already in flight. */
export type CacheSource = 'hit' | 'miss' | 'coalesced';

/** The outcome of a check (synchronous on a cache hit) and, with a cache, where it came from. */
export interface CachedCheck {
  readonly source: CacheSource | undefined;
  readonly outcome: CheckOutcome | Promise<CheckOutcome>;
}

/**
 * One request's check: from the cache (synchronously), from a check already in flight for the
 * same key, or from a new `call`, whose decision (never a failure) is then remembered. `key` and
 * `signal` are asked for only when needed (hashing, and creating a signal, cost something).
 */
export function cachedCheck(
  cache: DecisionCache | undefined,
  key: (cache: DecisionCache) => string,
  signal: () => AbortSignal,
  call: (signal: AbortSignal) => Promise<CheckOutcome>,
): CachedCheck {
  if (cache === undefined) return { source: undefined, outcome: call(signal()) };
  const cacheKey = key(cache);
  const cached = cache.get(cacheKey);
  if (cached !== undefined) return { source: 'hit', outcome: cached };
  const { joined, result } = cache.flights.run(
    cacheKey,
    signal(),
    async function callAndRemember(shared) {
      const outcome = await call(shared);
      if (outcome.kind !== 'failure') cache.set(cacheKey, outcome);
      return outcome;
    },
  );
  return { source: joined ? 'coalesced' : 'miss', outcome: result };
}
