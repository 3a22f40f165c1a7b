import type { CacheSource } from './cached-check';

/** The cache counters of the remote filters' `stats`. */
export interface CacheCounters {
  cacheHits: number;
  cacheMisses: number;
  sharedHits: number;
}

/** Counts where a check's decision came from (nothing without a cache). */
export function countSource(stats: CacheCounters, source: CacheSource | undefined): void {
  if (source === undefined) return;
  if (source === 'miss') {
    stats.cacheMisses++;
    return;
  }
  stats.cacheHits++;
  if (source === 'shared') stats.sharedHits++;
}
