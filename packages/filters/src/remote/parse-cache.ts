import { configError } from '@streamfilter/core';
import { checkOptionsObject, numberOption } from '../shared/option-checks';
import { DecisionCache } from './decision-cache';
import { parseRedisClient, parseRedisUrl } from './redis-client';
import type { RedisPool } from './redis-pool';
import { SharedTier, type SharedTierStats } from './shared-tier';

const MAX_TIMER_MS = 2 ** 31 - 1;
const CACHE_KEYS = [
  'allowTtlMs',
  'denyTtlMs',
  'maxEntries',
  'redisUrl',
  'redis',
  'secret',
  'keyPrefix',
  'redisTimeoutMs',
];
const MIN_SECRET_LENGTH = 32;

/** What a filter's variants share: their counters and the Redis connections they opened. */
export interface CacheResources {
  readonly stats: SharedTierStats;
  readonly redis: RedisPool;
}

function parseSecret(filter: string, value: unknown): string {
  if (typeof value !== 'string' || value.length < MIN_SECRET_LENGTH) {
    // Never echo the value: it is a secret, even when too short.
    const got = typeof value === 'string' ? `a string of ${value.length} characters` : typeof value;
    throw configError(
      filter,
      'secret',
      `is required with Redis: the same random string of at least ${MIN_SECRET_LENGTH} characters on every instance (e.g. openssl rand -base64 32)`,
      got,
    );
  }
  return value;
}

function parseKeyPrefix(filter: string, value: unknown): string {
  if (value === undefined) return 'streamfilter:auth:';
  if (typeof value !== 'string' || /[\s\0]/.test(value)) {
    throw configError(filter, 'keyPrefix', 'must be a string without spaces', value);
  }
  return value;
}

function parseShared(
  filter: string,
  value: Record<string, unknown>,
  resources: CacheResources,
): { secret: string; shared: SharedTier } | undefined {
  const { redisUrl, redis, secret } = value;
  if (redisUrl === undefined && redis === undefined) {
    if (secret !== undefined) {
      throw configError(filter, 'secret', 'is only used with "redisUrl" or "redis"', '(hidden)');
    }
    for (const name of ['keyPrefix', 'redisTimeoutMs']) {
      if (value[name] !== undefined) {
        throw configError(filter, name, 'is only used with "redisUrl" or "redis"', value[name]);
      }
    }
    return undefined;
  }
  if (redisUrl !== undefined && redis !== undefined) {
    throw configError(filter, 'redis', 'cannot be combined with "redisUrl"', typeof redis);
  }
  const parsedSecret = parseSecret(filter, secret);
  const keyPrefix = parseKeyPrefix(filter, value.keyPrefix);
  const timeoutMs = numberOption(filter, 'redisTimeoutMs', value.redisTimeoutMs, 100, {
    max: MAX_TIMER_MS,
  });
  // Last, once every option is known good: the client may load "redis" and, later, connect.
  const options = { keyPrefix, timeoutMs, stats: resources.stats };
  if (redis !== undefined) {
    return {
      secret: parsedSecret,
      shared: new SharedTier(parseRedisClient(filter, redis), options),
    };
  }
  const owned = resources.redis.client(filter, parseRedisUrl(filter, redisUrl));
  const shared = new SharedTier(owned, { ...options, connecting: () => owned.connection() });
  return { secret: parsedSecret, shared };
}

/**
 * Builds the decision cache from a `cache` option (`false`, `true`, or an object of TTLs, a
 * bound, the shared tier's settings and the filter's own `extraKeys`), or `undefined` when
 * caching is off. `context` (the filter and its check URL) keeps decisions of different
 * services apart in a shared Redis.
 */
export function parseCache(
  filter: string,
  value: unknown,
  context: string,
  resources: CacheResources,
  extraKeys: readonly string[] = [],
): DecisionCache | undefined {
  if (value === undefined || value === false) return undefined;
  if (value === true) value = {};
  const keys = [...CACHE_KEYS, ...extraKeys];
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw configError(filter, 'cache', `must be false, true or { ${keys.join(', ')} }`, value);
  }
  const prefixed = `${filter}.cache`;
  checkOptionsObject(prefixed, value, keys);
  const ttl = { allowZero: true, max: MAX_TIMER_MS };
  const allowTtlMs = numberOption(prefixed, 'allowTtlMs', value.allowTtlMs, 60_000, ttl);
  const denyTtlMs = numberOption(prefixed, 'denyTtlMs', value.denyTtlMs, 5_000, ttl);
  const maxEntries = numberOption(prefixed, 'maxEntries', value.maxEntries, 10_000, {
    integer: true,
  });
  const sharing = parseShared(prefixed, value, resources);
  return new DecisionCache({ allowTtlMs, denyTtlMs, maxEntries, context, ...sharing });
}
