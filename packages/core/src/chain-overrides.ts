import type { ChainableFilter } from './define-filter';

/** The literal names among `Filter`; a filter named only `string` adds none. */
type KnownName<Filter> = Filter extends { readonly name: infer Name extends string }
  ? string extends Name
    ? never
    : Name
  : never;

/** Whether some filter of the union is named only `string`, so its name is not known. */
type SomeNameUnknown<Filter> = Filter extends { readonly name: infer Name extends string }
  ? string extends Name
    ? true
    : never
  : never;

/** What a filter's `override()` takes; nothing for a filter without one (only `false` then). */
type OverrideOf<Filter> = Filter extends { override(override: infer Override): unknown }
  ? Override
  : never;

type TypedOverrides<Filter> = {
  [Name in KnownName<Filter>]?: false | OverrideOf<Extract<Filter, { readonly name: Name }>>;
};

/**
 * Per-route overrides, by filter name: options to merge, or `false` to drop the filter. Where the
 * chain's filter names are known to the types (the shipped filters, and `defineFilter` with a
 * literal `name`), each key is checked against them and each value against the filter's
 * override type; a chain with a filter named only `string` also accepts any other key.
 */
export type ChainOverrides<Filter extends ChainableFilter = ChainableFilter> = [
  KnownName<Filter>,
] extends [never]
  ? Record<string, unknown>
  : [SomeNameUnknown<Filter>] extends [never]
    ? TypedOverrides<Filter>
    : TypedOverrides<Filter> & Record<string, unknown>;
