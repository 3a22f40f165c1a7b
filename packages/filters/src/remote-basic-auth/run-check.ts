import type { CheckOutcome } from './check-outcome';
import type { RemoteBasicAuthConfig } from './config';

/**
 * The outcome for one request's credentials: from the cache (synchronously), from a check
 * already in flight for the same credentials, or from a new call to the auth service.
 * `signal` is asked for only when a call is needed (creating it costs an AbortController).
 */
export function runCheck(
  config: RemoteBasicAuthConfig,
  username: string,
  password: string,
  forwarded: Readonly<Record<string, string>>,
  signal: () => AbortSignal,
): CheckOutcome | Promise<CheckOutcome> {
  const { cache, check, stats } = config;
  if (cache === undefined) return check(username, password, forwarded, signal());
  const key = cache.keyOf(username, password);
  const cached = cache.get(key);
  if (cached !== undefined) {
    stats.cacheHits++;
    return cached;
  }
  const { joined, result } = cache.flights.run(
    key,
    signal(),
    async function checkAndRemember(shared) {
      const outcome = await check(username, password, forwarded, shared);
      if (outcome.kind !== 'failure') cache.set(key, outcome);
      return outcome;
    },
  );
  if (joined) stats.cacheHits++;
  else stats.cacheMisses++;
  return result;
}
