import type { ChainableFilter, ConfiguredFilter } from './define-filter';
import { describeValue, StreamFilterError } from './errors';
import { defaultLogger } from './logger';
import type { Observer } from './observer';
import type { Logger, StreamFilter } from './types';

/** Options of a chain; every adapter takes them. */
export interface FilterChainOptions {
  /** Where log lines go. Default: warnings and errors to stderr, without secrets. */
  logger?: Logger;
  /** The most a `StopAndBuffer` may hold of a request body; past it: 413. Default 1 MiB. */
  maxRequestBodyBytes?: number;
  /** The most a `StopAndBuffer` may hold of a response body; past it: 500. Default 1 MiB. */
  maxResponseBodyBytes?: number;
  /**
   * The longest a filter may keep a stream parked (`Running`, or a pending promise) before the
   * stream is ended with a 504 and `onDestroy(Terminate)`.
   */
  filterTimeoutMs?: number;
  /** Telemetry: each observer hears every hook's outcome and time. Default: none. */
  observers?: readonly Observer[];
}

/** Per-route overrides, by filter name: options to merge, or `false` to drop the filter. */
export type ChainOverrides = Record<string, unknown>;

/** Which hooks the filters of a chain implement, as bits. */
export const Phase = Object.freeze({
  DecodeHeaders: 1,
  DecodeData: 2,
  DecodeTrailers: 4,
  EncodeHeaders: 8,
  EncodeData: 16,
  EncodeTrailers: 32,
  Log: 64,
  Destroy: 128,
});

const HOOK_PHASES: ReadonlyArray<[keyof StreamFilter, number]> = [
  ['decodeHeaders', Phase.DecodeHeaders],
  ['decodeData', Phase.DecodeData],
  ['decodeTrailers', Phase.DecodeTrailers],
  ['encodeHeaders', Phase.EncodeHeaders],
  ['encodeData', Phase.EncodeData],
  ['encodeTrailers', Phase.EncodeTrailers],
  ['onLog', Phase.Log],
  ['onDestroy', Phase.Destroy],
];

const MiB = 1024 * 1024;

function checkLimit(name: string, value: unknown): number {
  if (value === undefined) return MiB;
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0) {
    throw new StreamFilterError(
      'ERR_INVALID_CHAIN',
      `filter chain: "${name}" must be a whole number of bytes, got ${describeValue(value)}`,
    );
  }
  return value;
}

/**
 * A validated, reusable list of filters plus its options: what the filter manager runs.
 * Adapters build one per middleware, once.
 */
export class FilterChain {
  readonly filters: readonly ChainableFilter[];
  readonly logger: Logger;
  readonly maxRequestBodyBytes: number;
  readonly maxResponseBodyBytes: number;
  /** Bits of {@link Phase}; known once the first stream created its filters. */
  phases: number | undefined;
  /** How many hooks threw or rejected, over the chain's life. */
  filterErrors = 0;
  readonly #options: FilterChainOptions;

  constructor(filters: readonly ChainableFilter[], options: FilterChainOptions = {}) {
    if (!Array.isArray(filters)) {
      throw new StreamFilterError(
        'ERR_INVALID_CHAIN',
        `filter chain: expected an array of filters, got ${describeValue(filters)}`,
      );
    }
    const names = new Set<string>();
    filters.forEach((filter, i) => {
      if (typeof filter?.create !== 'function' || typeof filter.name !== 'string' || !filter.name) {
        throw new StreamFilterError(
          'ERR_INVALID_CHAIN',
          `filter chain: entry ${i} is not a filter (call the factory, e.g. basicAuth({...}), or pass { name, create })`,
        );
      }
      if (names.has(filter.name)) {
        throw new StreamFilterError(
          'ERR_INVALID_CHAIN',
          `filter chain: two filters are named "${filter.name}"; rename one with .named('...')`,
        );
      }
      names.add(filter.name);
    });
    this.filters = Object.freeze(filters.slice());
    this.logger = options.logger ?? defaultLogger;
    if (typeof this.logger !== 'function') {
      throw new StreamFilterError('ERR_INVALID_CHAIN', 'filter chain: "logger" must be a function');
    }
    this.maxRequestBodyBytes = checkLimit('maxRequestBodyBytes', options.maxRequestBodyBytes);
    this.maxResponseBodyBytes = checkLimit('maxResponseBodyBytes', options.maxResponseBodyBytes);
    this.#options = options;
  }

  /** Records which hooks the chain's filters implement, from their first instances. */
  learnPhases(instances: readonly StreamFilter[]): number {
    let phases = 0;
    for (const instance of instances) {
      for (const [hook, bit] of HOOK_PHASES) {
        if (typeof instance[hook] === 'function') phases |= bit;
      }
    }
    this.phases = phases;
    return phases;
  }

  /**
   * A copy of this chain for one route: each key names a filter; its value is merged into that
   * filter's options (through the filter's `merge`), or `false` removes the filter.
   */
  withOverrides(overrides: ChainOverrides): FilterChain {
    if (overrides === null || typeof overrides !== 'object') {
      throw new StreamFilterError(
        'ERR_INVALID_CHAIN',
        `filter chain: overrides must be an object keyed by filter name, got ${describeValue(overrides)}`,
      );
    }
    const known = new Set(this.filters.map((f) => f.name));
    for (const name of Object.keys(overrides)) {
      if (!known.has(name)) {
        throw new StreamFilterError(
          'ERR_INVALID_CHAIN',
          `filter chain: no filter named "${name}" to override (the chain has: ${[...known].join(', ') || 'none'})`,
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
      if (override === false) continue;
      const configurable = filter as Partial<ConfiguredFilter>;
      if (typeof configurable.override !== 'function') {
        throw new StreamFilterError(
          'ERR_INVALID_CHAIN',
          `filter chain: filter "${filter.name}" has no options to override (define it with defineFilter); only false is allowed`,
        );
      }
      filters.push(configurable.override(override as never));
    }
    return new FilterChain(filters, this.#options);
  }
}
