import { configError } from '@streamfilter/core';
import { checkOptionsObject, numberOption } from '../shared/option-checks';
import { DecisionCache } from './decision-cache';

const MAX_TIMER_MS = 2 ** 31 - 1;
const TTL_KEYS = ['allowTtlMs', 'denyTtlMs', 'maxEntries'];

/**
 * Builds the decision cache from a `cache` option (`false`, `true`, or an object of TTLs, a bound
 * and the filter's own `extraKeys`), or `undefined` when caching is off.
 */
export function parseCache(
  filter: string,
  value: unknown,
  extraKeys: readonly string[] = [],
): DecisionCache | undefined {
  if (value === undefined || value === false) return undefined;
  if (value === true) value = {};
  const keys = [...TTL_KEYS, ...extraKeys];
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw configError(filter, 'cache', `must be false, true or { ${keys.join(', ')} }`, value);
  }
  const prefixed = `${filter}.cache`;
  checkOptionsObject(prefixed, value, keys);
  const ttl = { allowZero: true, max: MAX_TIMER_MS };
  return new DecisionCache({
    allowTtlMs: numberOption(prefixed, 'allowTtlMs', value.allowTtlMs, 60_000, ttl),
    denyTtlMs: numberOption(prefixed, 'denyTtlMs', value.denyTtlMs, 5_000, ttl),
    maxEntries: numberOption(prefixed, 'maxEntries', value.maxEntries, 10_000, { integer: true }),
  });
}
