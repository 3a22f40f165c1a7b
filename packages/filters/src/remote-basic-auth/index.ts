import { defineFilter } from '@streamfilter/core';
import { RedisPool } from '../remote/redis-pool';
import { type FilterWithStats, withStats } from '../shared/with-stats';
import type { RemoteBasicAuthConfig } from './config';
import { createRemoteBasicAuth } from './filter';
import type { RemoteBasicAuthOptions, RemoteBasicAuthStats } from './options';
import { parseRemoteOptions } from './parse-options';

/** A configured `remoteBasicAuth` filter, with its live `stats`. */
export type RemoteBasicAuthFilter = FilterWithStats<
  RemoteBasicAuthOptions,
  RemoteBasicAuthConfig,
  RemoteBasicAuthStats,
  'remoteBasicAuth'
>;

/**
 * Basic auth checked by a remote HTTP service, as in the seed: the filter POSTs
 * `{"username","password"}` as JSON; 200 lets the request through, any other answer is a 401,
 * and auth-service trouble (network, timeout, 5xx, redirect) is a 503 (or fails open).
 * Options are validated here, at the call; per-route variants (`.override()`) share `stats`.
 *
 * @example
 * const auth = remoteBasicAuth({ url: 'http://127.0.0.1:8080/check', realm: 'api' });
 * app.use(filterChain([auth]));
 * // later: auth.stats.allowed, auth.stats.errors, ...
 */
export function remoteBasicAuth(options: RemoteBasicAuthOptions): RemoteBasicAuthFilter {
  const stats: RemoteBasicAuthStats = {
    allowed: 0,
    denied: 0,
    errors: 0,
    failOpen: 0,
    cacheHits: 0,
    cacheMisses: 0,
    sharedHits: 0,
    sharedUnavailable: 0,
  };
  const redis = new RedisPool();
  const configure = defineFilter<
    RemoteBasicAuthOptions,
    RemoteBasicAuthConfig,
    Partial<RemoteBasicAuthOptions>,
    'remoteBasicAuth'
  >({
    name: 'remoteBasicAuth',
    parse: (raw) => parseRemoteOptions(raw, { stats, redis }),
    // A shallow merge; a mix the types allow but parse refuses (url + host) fails at startup.
    merge: (parent, child) => ({ ...parent, ...child }) as RemoteBasicAuthOptions,
    create: createRemoteBasicAuth,
    ownedHeaders: (config) => config.protectedHeaders,
  });
  return withStats(configure(options), stats, async () => redis.close());
}
