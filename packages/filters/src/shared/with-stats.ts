import type { ConfiguredFilter } from '@streamfilter/core';

/** A configured filter that also exposes live counters, shared with its per-route variants. */
export interface FilterWithStats<Options, Config, Stats> extends ConfiguredFilter<Options, Config> {
  /** Live counters; read them, don't write them. */
  readonly stats: Readonly<Stats>;
  override(override: Partial<Options>): FilterWithStats<Options, Config, Stats>;
  named(name: string): FilterWithStats<Options, Config, Stats>;
}

/** Attaches `stats` to a configured filter and to every variant derived from it. */
export function withStats<Options, Config, Stats>(
  filter: ConfiguredFilter<Options, Config>,
  stats: Stats,
): FilterWithStats<Options, Config, Stats> {
  return {
    name: filter.name,
    options: filter.options,
    config: filter.config,
    ownedHeaders: filter.ownedHeaders,
    stats,
    create: filter.create,
    override: (override) => withStats(filter.override(override), stats),
    named: (name) => withStats(filter.named(name), stats),
  };
}
