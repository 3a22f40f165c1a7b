import { defineFilter } from '@streamfilter/core';
import { RedisPool } from '../remote/redis-pool';
import { type FilterWithStats, withStats } from '../shared/with-stats';
import type { RemoteAuthConfig } from './config';
import { createRemoteAuth } from './filter';
import type { RemoteAuthOptions, RemoteAuthStats } from './options';
import { parseRemoteAuthOptions } from './parse-options';

/** A configured `remoteAuth` filter, with its live `stats`. */
export type RemoteAuthFilter = FilterWithStats<
  RemoteAuthOptions,
  RemoteAuthConfig,
  RemoteAuthStats,
  'remoteAuth'
>;

/**
 * Any scheme (Bearer tokens, cookies, API keys) checked by a remote HTTP service, as Envoy's
 * ext_authz: the allow-listed request headers (and optionally the method, path and body) go to
 * the service; a 2xx lets the request through with the service's `upstreamHeaders`, any other
 * answer reaches the client as the service gave it, and service trouble is a 503 with
 * `Retry-After` (or fails open). Options are validated here, at the call.
 *
 * @example
 * const auth = remoteAuth({
 *   url: 'http://127.0.0.1:8080/verify',
 *   allowedHeaders: ['authorization'],
 *   upstreamHeaders: ['x-user-id'],
 * });
 * app.use(filterChain([auth]));
 */
export function remoteAuth(options: RemoteAuthOptions): RemoteAuthFilter {
  const stats: RemoteAuthStats = {
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
    RemoteAuthOptions,
    RemoteAuthConfig,
    Partial<RemoteAuthOptions>,
    'remoteAuth'
  >({
    name: 'remoteAuth',
    parse: (raw) => parseRemoteAuthOptions(raw, { stats, redis }),
    merge: (parent, child) => ({ ...parent, ...child }),
    create: createRemoteAuth,
    ownedHeaders: (config) => config.protectedHeaders,
  });
  return withStats(configure(options), stats, async () => redis.close());
}
