import { StreamFilterError } from './errors';
import type { FilterCallbacks, StreamFilter } from './types';

/** What `defineFilter` takes: Envoy's config parser, merger and filter factory in one place. */
export interface FilterDefinition<
  Options,
  Config,
  Override = Partial<Options>,
  Name extends string = string,
> {
  /** The filter's name: used in logs, local-reply records and per-route overrides. */
  name: Name;
  /** Validates options once, at startup; throws `configError(...)` on a bad value. */
  parse(options: Options): Config;
  /**
   * Folds a per-route override onto the options of the enclosing chain; the result goes through
   * `parse` again. Without `merge`, an override replaces the options whole.
   */
  merge?(parent: Options, override: Override): Options;
  /** Creates the per-request filter instance. */
  create(config: Config, callbacks: FilterCallbacks): StreamFilter;
  /**
   * Request headers only this filter may set (an identity header, a fail-open marker). Where a
   * per-route override disables the filter (`false`), client-sent copies of them are still
   * removed, so the app never trusts a header the filter did not write.
   */
  ownedHeaders?(config: Config): readonly string[];
}

/** A filter ready for a chain: what `filterChain([...])` and the filter manager take. */
export interface ChainableFilter<Name extends string = string> {
  readonly name: Name;
  create(callbacks: FilterCallbacks): StreamFilter;
  /** Request headers only this filter may set: removed even on routes where it is disabled. */
  readonly ownedHeaders?: readonly string[];
}

/**
 * A filter configured through `defineFilter`: chainable, and overridable per route. `Name` is
 * its name as a literal type where known, so a chain's per-route overrides are typed by name.
 */
export interface ConfiguredFilter<
  Options = unknown,
  Config = unknown,
  Override = Partial<Options>,
  Name extends string = string,
> extends ChainableFilter<Name> {
  readonly options: Options;
  readonly config: Config;
  readonly ownedHeaders: readonly string[];
  /** A copy with a per-route override merged in; throws `ERR_FILTER_CONFIG` if invalid. */
  override(override: Override): ConfiguredFilter<Options, Config, Override, Name>;
  /** A copy under another name, to put the same filter in one chain twice. */
  named<NewName extends string>(
    name: NewName,
  ): ConfiguredFilter<Options, Config, Override, NewName>;
}

/**
 * Defines a configurable filter. The returned function validates options through `parse` at the
 * call, so a bad config fails at startup, not at the first request.
 *
 * @example
 * const addHeader = defineFilter({
 *   name: 'addHeader',
 *   parse: (o: { name: string; value: string }) => {
 *     if (!o?.name) throw configError('addHeader', 'name', 'must be a header name', o?.name);
 *     return o;
 *   },
 *   merge: (parent, child) => ({ ...parent, ...child }),
 *   create: (config) => ({
 *     decodeHeaders(headers) { headers.set(config.name, config.value); },
 *   }),
 * });
 * const filter = addHeader({ name: 'x-env', value: 'prod' });
 */
export function defineFilter<
  Options,
  Config,
  Override = Partial<Options>,
  Name extends string = string,
>(
  definition: FilterDefinition<Options, Config, Override, Name>,
): (options: Options) => ConfiguredFilter<Options, Config, Override, Name> {
  if (typeof definition?.name !== 'string' || definition.name === '') {
    throw new StreamFilterError(
      'ERR_INVALID_CHAIN',
      'defineFilter: "name" must be a non-empty string',
    );
  }
  for (const key of ['parse', 'create'] as const) {
    if (typeof definition[key] !== 'function') {
      throw new StreamFilterError(
        'ERR_INVALID_CHAIN',
        `defineFilter(${definition.name}): "${key}" must be a function`,
      );
    }
  }
  // Called as methods of `definition`, so a definition written as an object may use `this`.
  const parse = (options: Options): Config => {
    try {
      return definition.parse(options);
    } catch (error) {
      throw asConfigError(definition.name, error);
    }
  };
  const merge = (parent: Options, override: Override): Options => {
    if (typeof definition.merge !== 'function') return override as unknown as Options;
    try {
      return definition.merge(parent, override);
    } catch (error) {
      throw asConfigError(definition.name, error);
    }
  };

  const ownedHeaders = (config: Config): readonly string[] => {
    if (typeof definition.ownedHeaders !== 'function') return [];
    const names = definition.ownedHeaders(config);
    if (!Array.isArray(names) || names.some((n) => typeof n !== 'string' || n === '')) {
      throw new StreamFilterError(
        'ERR_INVALID_CHAIN',
        `defineFilter(${definition.name}): "ownedHeaders" must return an array of header names`,
      );
    }
    return Object.freeze([...new Set(names.map((n) => n.toLowerCase()))]);
  };

  function configure<N extends string>(
    name: N,
    options: Options,
  ): ConfiguredFilter<Options, Config, Override, N> {
    const config = parse(options);
    return {
      name,
      options,
      config,
      ownedHeaders: ownedHeaders(config),
      create: (callbacks) => definition.create(config, callbacks),
      override: (override) => configure(name, merge(options, override)),
      named: (newName) => {
        if (typeof newName !== 'string' || newName === '') {
          throw new StreamFilterError(
            'ERR_INVALID_CHAIN',
            `${name}.named(): name must be a non-empty string`,
          );
        }
        return configure(newName, options);
      },
    };
  }

  const factory = (options: Options) => configure(definition.name, options);
  Object.defineProperty(factory, 'name', { value: definition.name });
  return factory;
}

/** Errors from a filter's own `parse`/`merge` keep their code; anything else becomes a config error. */
function asConfigError(filter: string, error: unknown): StreamFilterError {
  if (error instanceof StreamFilterError) return error;
  const reason = error instanceof Error ? error.message : String(error);
  return new StreamFilterError('ERR_FILTER_CONFIG', `${filter}: invalid options: ${reason}`, {
    cause: error,
  });
}
