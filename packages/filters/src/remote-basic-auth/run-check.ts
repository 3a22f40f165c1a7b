import type { FilterCallbacks } from '@streamfilter/core';
import { cachedCheck } from '../remote/cached-check';
import type { Checked } from '../remote/decision-cache';
import type { RemoteBasicAuthConfig } from './config';

/**
 * The check of one request's credentials, through the decision cache when there is one.
 * `callbacks.signal` is read only when a call is needed (creating it costs an AbortController).
 */
export function runCheck(
  config: RemoteBasicAuthConfig,
  callbacks: FilterCallbacks,
  username: string,
  password: string,
  forwarded: Readonly<Record<string, string>>,
): Checked | Promise<Checked> {
  const { cache, check } = config;
  return cachedCheck(
    cache,
    (c) => c.keyOf(username, password),
    () => callbacks.signal,
    (shared) => check(username, password, forwarded, shared),
    (level, message) => callbacks.log(level, message),
  );
}
