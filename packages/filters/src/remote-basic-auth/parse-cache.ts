import { configError } from '@streamfilter/core';
import { checkOptionsObject, numberOption } from '../shared/option-checks';
import { DecisionCache } from './decision-cache';

const FILTER = 'remoteBasicAuth';
const MAX_TIMER_MS = 2 ** 31 - 1;

/** Builds the decision cache from the `cache` option, or `undefined` when caching is off. */
export function parseCache(value: unknown): DecisionCache | undefined {
  if (value === undefined || value === false) return undefined;
  if (value === true) value = {};
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw configError(
      FILTER,
      'cache',
      'must be false, true or { allowTtlMs, denyTtlMs, maxEntries }',
      value,
    );
  }
  const prefixed = `${FILTER}.cache`;
  checkOptionsObject(prefixed, value, ['allowTtlMs', 'denyTtlMs', 'maxEntries']);
  const ttl = { allowZero: true, max: MAX_TIMER_MS };
  return new DecisionCache({
    allowTtlMs: numberOption(prefixed, 'allowTtlMs', value.allowTtlMs, 60_000, ttl),
    denyTtlMs: numberOption(prefixed, 'denyTtlMs', value.denyTtlMs, 5_000, ttl),
    maxEntries: numberOption(prefixed, 'maxEntries', value.maxEntries, 10_000, { integer: true }),
  });
}
