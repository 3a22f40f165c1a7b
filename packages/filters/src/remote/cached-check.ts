import type { CheckOutcome } from './check-outcome';
import type { Checked, DecisionCache } from './decision-cache';
import type { Log } from './shared-tier';

export type { CacheSource } from './decision-cache';

function uncached(outcome: CheckOutcome): Checked {
  return { source: undefined, outcome };
}

function coalesced(checked: Checked): Checked {
  return checked.source === undefined ? checked : { source: 'coalesced', outcome: checked.outcome };
}

/**
 * One request's check: from the cache (synchronously), from a check already in flight for the
 * same key, or else from the shared tier, if any, or a new `call`, whose decision (never a
 * failure) is then remembered in both tiers. `key` and `signal` are asked for only when needed
 * (hashing, and creating a signal, cost something).
 */
export function cachedCheck(
  cache: DecisionCache | undefined,
  key: (cache: DecisionCache) => string,
  signal: () => AbortSignal,
  call: (signal: AbortSignal) => Promise<CheckOutcome>,
  log: Log,
): Checked | Promise<Checked> {
  if (cache === undefined) return call(signal()).then(uncached);
  const cacheKey = key(cache);
  const cached = cache.get(cacheKey);
  if (cached !== undefined) return { source: 'hit', outcome: cached };
  const { joined, result } = cache.flights.run(
    cacheKey,
    signal(),
    async function recallOrCall(shared): Promise<Checked> {
      const recalled = cache.shared && (await cache.recall(cacheKey, log));
      if (recalled) return { source: 'shared', outcome: recalled };
      const outcome = await call(shared);
      const storing =
        outcome.kind === 'failure' ? undefined : cache.remember(cacheKey, outcome, log);
      if (storing !== undefined) await storing;
      return { source: 'miss', outcome };
    },
  );
  return joined ? result.then(coalesced) : result;
}
