import { AUTH_METADATA, type AuthInfo, type FilterCallbacks } from '@streamfilter/core';
import type { CacheSource } from './cached-check';
import type { CheckOutcome } from './check-outcome';

function decisionOf(outcome: CheckOutcome, failOpen: boolean): AuthInfo['decision'] {
  if (outcome.kind === 'allow') return 'allowed';
  if (outcome.kind === 'deny') return 'denied';
  return failOpen ? 'fail_open' : 'error';
}

/**
 * Adds where a decision came from (`cache`) to this filter's AUTH_METADATA record, creating the
 * record from the outcome when the filter set none. Nothing without a cache.
 */
export function noteCacheSource(
  callbacks: FilterCallbacks,
  source: CacheSource | undefined,
  outcome: CheckOutcome,
  failOpen: boolean,
): void {
  if (source === undefined) return;
  const { metadata } = callbacks.streamInfo;
  const filter = callbacks.filterName;
  const known = metadata.get(AUTH_METADATA) as AuthInfo | undefined;
  const info: AuthInfo =
    known?.filter === filter ? known : { filter, decision: decisionOf(outcome, failOpen) };
  metadata.set(AUTH_METADATA, { ...info, cache: source });
}
