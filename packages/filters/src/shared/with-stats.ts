import type { ConfiguredFilter } from '@streamfilter/core';

/** A configured filter that also exposes live counters, shared with its per-route variants. */
export interface FilterWithStats<Options, Config, Stats, Name extends string = string>
  extends ConfiguredFilter<Options, Config, Partial<Options>, Name> {
  /** Live counters; read them, don't write them. */
  readonly stats: Readonly<Stats>;
  override(override: Partial<Options>): FilterWithStats<Options, Config, Stats, Name>;
  named<NewName extends string>(name: NewName): FilterWithStats<Options, Config, Stats, NewName>;
  /**
   * Closes the connections the filter opened for itself and its variants (the shared cache's
   * Redis, from `cache.redisUrl`); a client you passed in is left to you. Nothing to close
   * otherwise. A request checked after `close()` opens them again.
   */
  close(): Promise<void>;
}

const NOTHING = async () => {};

/** Attaches `stats` (and what closes the filter) to a filter and every variant derived from it. */
export function withStats<Options, Config, Stats, Name extends string>(
  filter: ConfiguredFilter<Options, Config, Partial<Options>, Name>,
  stats: Stats,
  close: () => Promise<void> = NOTHING,
): FilterWithStats<Options, Config, Stats, Name> {
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
