import type { ConfiguredFilter } from '@streamfilter/core';

/** A configured filter that also exposes live counters, shared with its per-route variants. */
export interface FilterWithStats<Options, Config, Stats> extends ConfiguredFilter<Options, Config> {
  /** Live counters; read them, don't write them. */
  readonly stats: Readonly<Stats>;
  override(override: Partial<Options>): FilterWithStats<Options, Config, Stats>;
  named(name: string): FilterWithStats<Options, Config, Stats>;
  /**
   * Closes the connections the filter opened for itself and its variants (the shared cache's
   * Redis, from `cache.redisUrl`); a client you passed in is left to you. Nothing to close
   * otherwise. A request checked after `close()` opens them again.
   */
  close(): Promise<void>;
}

const NOTHING = async () => {};

/** Attaches `stats` (and what closes the filter) to a filter and every variant derived from it. */
export function withStats<Options, Config, Stats>(
  filter: ConfiguredFilter<Options, Config>,
  stats: Stats,
  close: () => Promise<void> = NOTHING,
): FilterWithStats<Options, Config, Stats> {
  return {
    name: filter.name,
    options: filter.options,
    config: filter.config,
    ownedHeaders: filter.ownedHeaders,
    stats,
    create: filter.create,
    override: (override) => withStats(filter.override(override), stats, close),
    named: (name) => withStats(filter.named(name), stats, close),
    close,
  };
}
