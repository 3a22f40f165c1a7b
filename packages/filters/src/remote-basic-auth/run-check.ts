import { type CachedCheck, cachedCheck } from '../remote/cached-check';
import type { RemoteBasicAuthConfig } from './config';

/**
 * The check of one request's credentials, through the decision cache when there is one.
 * `signal` is asked for only when a call is needed (creating it costs an AbortController).
 */
export function runCheck(
  config: RemoteBasicAuthConfig,
  username: string,
  password: string,
  forwarded: Readonly<Record<string, string>>,
  signal: () => AbortSignal,
): CachedCheck {
  const { cache, check, stats } = config;
  const checked = cachedCheck(
    cache,
    (c) => c.keyOf(username, password),
    signal,
    (shared) => check(username, password, forwarded, shared),
  );
  if (checked.source === 'miss') stats.cacheMisses++;
  else if (checked.source !== undefined) stats.cacheHits++;
  return checked;
}
