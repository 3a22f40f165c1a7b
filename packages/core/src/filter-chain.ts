import type { ChainOverrides } from './chain-overrides';
import type { ChainableFilter, ConfiguredFilter } from './define-filter';
import { disabledFilter } from './disabled-filter';
import { describeValue, StreamFilterError } from './errors';
import { defaultLogger } from './logger';
import type { Observer } from './observer';
import type { Logger } from './types';

/** Options of a chain; every adapter takes them. */
export interface FilterChainOptions {
  /** Where log lines go. Default: warnings and errors to stderr, without secrets. */
  logger?: Logger;
  /** The most a `StopAndBuffer` may hold of a request body; past it: 413. Default 1 MiB. */
  maxRequestBodyBytes?: number;
  /** The most a `StopAndBuffer` may hold of a response body; past it: 500. Default 1 MiB. */
  maxResponseBodyBytes?: number;
  /**
   * The longest a filter may keep a stream parked (`Running`, or a pending promise). Past it the
   * stream gets a local reply 504 `filter timed out` (details `filter_timeout`), or is reset if
   * the response already started; its `signal` aborts and `onDestroy(Terminate)` runs.
   * Default 30 000; 0 disables. No timer is armed unless a filter parks.
   */
  filterTimeoutMs?: number;
  /** Telemetry: each observer hears every hook's outcome and time. Default: none. */
  observers?: readonly Observer[];
}

const MiB = 1024 * 1024;

const KNOWN_OPTIONS = [
  'logger',
  'maxRequestBodyBytes',
  'maxResponseBodyBytes',
  'filterTimeoutMs',
  'observers',
] as const satisfies readonly (keyof FilterChainOptions)[];

function checkOptions(options: unknown): FilterChainOptions {
  if (options === undefined) return {};
  if (options === null || typeof options !== 'object' || Array.isArray(options)) {
    throw new StreamFilterError(
      'ERR_FILTER_CONFIG',
      `filter chain: options must be an object, got ${describeValue(options)}`,
    );
  }
  for (const key of Object.keys(options)) {
    if (!(KNOWN_OPTIONS as readonly string[]).includes(key)) {
      throw new StreamFilterError(
        'ERR_FILTER_CONFIG',
        `filter chain: unknown option "${key}" (known options: ${KNOWN_OPTIONS.join(', ')})`,
      );
    }
  }
  return options as FilterChainOptions;
}

function checkObservers(value: unknown): readonly Observer[] {
  if (value === undefined) return [];
  if (!Array.isArray(value) || value.some((o) => typeof o?.stream !== 'function')) {
    throw new StreamFilterError(
      'ERR_INVALID_CHAIN',
      'filter chain: "observers" must be an array of observers (objects with a stream(info) method)',
    );
  }
  return Object.freeze(value.slice());
}

function checkLimit(name: string, value: unknown, fallback = MiB): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0) {
    throw new StreamFilterError(
      'ERR_INVALID_CHAIN',
      `filter chain: "${name}" must be a whole number${name.endsWith('Ms') ? ' of milliseconds' : ' of bytes'}, got ${describeValue(value)}`,
    );
  }
  return value;
}

let phasesSlot: (chain: FilterChain) => { phases: number | undefined };

/** Where the hooks `chain`'s filters implement are kept once learned (see `phasesOf`). Internal. */
export function learnedPhasesOf(chain: FilterChain): { phases: number | undefined } {
  return phasesSlot(chain);
}

/**
 * A validated, reusable list of filters plus its options: what the filter manager runs.
 * Adapters build one per middleware, once. `Filter` is what the types know of the filters it
 * was built from: it types `withOverrides`.
 */
export class FilterChain<Filter extends ChainableFilter = ChainableFilter> {
  readonly filters: readonly ChainableFilter[];
  readonly logger: Logger;
  readonly maxRequestBodyBytes: number;
  readonly maxResponseBodyBytes: number;
  /** The deadline of a parked filter, in milliseconds; 0 when disabled. */
  readonly filterTimeoutMs: number;
  readonly observers: readonly Observer[];
  /**
   * The chain this one was derived from with `withOverrides` (itself for a chain built
   * directly): adapters use it to run one chain's filters once per request, whatever variant.
   */
  get base(): FilterChain {
    return this.#base;
  }
  #base: FilterChain = this;
  /** How many hooks threw or rejected, over the chain's life. */
  filterErrors = 0;
  readonly #options: FilterChainOptions;
  /** The hooks its filters implement, as `Phase` bits, learned from its first stream. */
  readonly #learned: { phases: number | undefined } = { phases: undefined };

  static {
    phasesSlot = (chain) => chain.#learned;
  }

  constructor(filters: readonly Filter[], chainOptions?: FilterChainOptions) {
    const options = checkOptions(chainOptions);
    if (!Array.isArray(filters)) {
      throw new StreamFilterError(
        'ERR_INVALID_CHAIN',
        `filter chain: expected an array of filters, got ${describeValue(filters)}`,
      );
    }
    filters.forEach((filter, i) => {
      if (typeof filter?.create !== 'function' || typeof filter.name !== 'string' || !filter.name) {
        throw new StreamFilterError(
          'ERR_INVALID_CHAIN',
          `filter chain: entry ${i} is not a filter (call the factory, e.g. basicAuth({...}), or pass { name, create })`,
        );
      }
    });
    this.filters = Object.freeze(filters.slice());
    this.logger = options.logger ?? defaultLogger;
    if (typeof this.logger !== 'function') {
      throw new StreamFilterError('ERR_INVALID_CHAIN', 'filter chain: "logger" must be a function');
    }
    this.maxRequestBodyBytes = checkLimit('maxRequestBodyBytes', options.maxRequestBodyBytes);
    this.maxResponseBodyBytes = checkLimit('maxResponseBodyBytes', options.maxResponseBodyBytes);
    this.filterTimeoutMs = checkLimit('filterTimeoutMs', options.filterTimeoutMs, 30_000);
    this.observers = checkObservers(options.observers);
    this.#options = options;
  }

  /**
   * A copy of this chain for one route: each key names a filter; its value is merged into that
   * filter's options (through the filter's `merge`), or `false` removes the filter (leaving
   * behind only the removal of the headers it owns, so a client cannot forge them there).
   */
  withOverrides(routeOverrides: ChainOverrides<Filter>): FilterChain<Filter> {
    // Checked as any object: JavaScript callers get no help from the types.
    const overrides = routeOverrides as Record<string, unknown>;
    if (overrides === null || typeof overrides !== 'object') {
      throw new StreamFilterError(
        'ERR_INVALID_CHAIN',
        `filter chain: overrides must be an object keyed by filter name, got ${describeValue(overrides)}`,
      );
    }
    const names = this.filters.map((f) => f.name);
    for (const [name, override] of Object.entries(overrides)) {
      const count = names.filter((n) => n === name).length;
      if (count === 0) {
        throw new StreamFilterError(
          'ERR_INVALID_CHAIN',
          `filter chain: no filter named "${name}" to override (the chain has: ${[...new Set(names)].join(', ') || 'none'})`,
        );
      }
      if (count > 1) {
        throw new StreamFilterError(
          'ERR_INVALID_CHAIN',
          `filter chain: ${count} filters are named "${name}", so an override cannot tell them apart; give each its own name with .named('...')`,
        );
      }
      if (override !== false && (override === null || typeof override !== 'object')) {
        throw new StreamFilterError(
          'ERR_INVALID_CHAIN',
          `filter chain: the override for "${name}" must be false (to drop the filter) or an options object, got ${describeValue(override)}`,
        );
      }
    }
    const filters: ChainableFilter[] = [];
    for (const filter of this.filters) {
      if (!Object.hasOwn(overrides, filter.name)) {
        filters.push(filter);
        continue;
      }
      const override = overrides[filter.name];
      if (override === false) {
        if (filter.ownedHeaders?.length) filters.push(disabledFilter(filter));
        continue;
      }
      const configurable = filter as Partial<ConfiguredFilter>;
      if (typeof configurable.override !== 'function') {
        throw new StreamFilterError(
          'ERR_INVALID_CHAIN',
          `filter chain: filter "${filter.name}" has no options to override (define it with defineFilter); only false is allowed`,
        );
      }
      filters.push(configurable.override(override as never));
    }
    // The variant keeps its base's type: its overrides still name the base's filters.
    const variant = new FilterChain(filters as unknown as Filter[], this.#options);
    variant.#base = this.#base;
    return variant;
  }
}
