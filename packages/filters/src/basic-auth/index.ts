import { defineFilter } from '@streamfilter/core';
import { type FilterWithStats, withStats } from '../shared/with-stats';
import type { BasicAuthConfig } from './config';
import { createBasicAuth } from './filter';
import type { BasicAuthOptions, BasicAuthStats } from './options';
import { parseBasicOptions } from './parse-options';

/** A configured `basicAuth` filter, with its live `stats`. */
export type BasicAuthFilter = FilterWithStats<
  BasicAuthOptions,
  BasicAuthConfig,
  BasicAuthStats,
  'basicAuth'
>;

/**
 * Basic auth checked in process: against a `users` map (constant-time, fully synchronous) and/or
 * an `authorizer` function (sync or async). Same answers, challenge and options as
 * `remoteBasicAuth`. Per-route variants (`.override()`) share `stats`.
 *
 * @example
 * const auth = basicAuth({ users: { admin: process.env.ADMIN_PASSWORD! }, realm: 'admin' });
 * app.use('/admin', filterChain([auth]));
 */
export function basicAuth(options: BasicAuthOptions): BasicAuthFilter {
  const stats: BasicAuthStats = { allowed: 0, denied: 0 };
  const configure = defineFilter<
    BasicAuthOptions,
    BasicAuthConfig,
    Partial<BasicAuthOptions>,
    'basicAuth'
  >({
    name: 'basicAuth',
    parse: (raw) => parseBasicOptions(raw, stats),
    // A shallow merge; a mix the types allow but parse refuses (url + host) fails at startup.
    merge: (parent, child) => ({ ...parent, ...child }) as BasicAuthOptions,
    create: createBasicAuth,
    ownedHeaders: (config) => (config.identityHeader === undefined ? [] : [config.identityHeader]),
  });
  return withStats(configure(options), stats);
}
