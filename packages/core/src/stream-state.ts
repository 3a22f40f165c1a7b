import { ActiveFilter } from './active-filter';
import { Direction } from './direction';
import type { FilterChain } from './filter-chain';
import type { RequestHeaderMap, ResponseHeaderMap } from './header-map';
import { Observation } from './observation';
import { ALL_PHASES, phasesOf } from './phases';
import type { StreamCore } from './stream-core';
import { StreamInfo, type StreamInfoInit } from './stream-info';
import type { StreamSink } from './stream-sink';

/** Where a stream is in its life: one state instead of a set of "finished" flags. */
export const Lifecycle = Object.freeze({
  /** Frames flow both ways. */
  Open: 0,
  /** A local reply answered: the request path stopped, the app's response is refused. */
  Replied: 1,
  /** As `Replied`, after a filter timed out: the stream will end as `Terminate`. */
  TimedOut: 2,
  /** Over: `onLog` and `onDestroy(Normal)` ran. */
  Done: 3,
  /** Over early (client gone, reset, a filter still working): `onDestroy(Terminate)` ran. */
  Terminated: 4,
});
export type Lifecycle = (typeof Lifecycle)[keyof typeof Lifecycle];

/**
 * What one stream is made of: its filters (each with its callbacks), its two directions, its
 * lifecycle, its `StreamInfo` and `AbortSignal`. The layers above add local replies
 * ({@link StreamReplies}) and the frames' way in and out ({@link ActiveStream}).
 */
export abstract class StreamState {
  readonly chain: FilterChain;
  readonly sink: StreamSink;
  readonly filters: ActiveFilter[];
  readonly phases: number;
  readonly decode: Direction;
  encode: Direction | undefined = undefined;
  state: Lifecycle = Lifecycle.Open;
  requestHeaders: RequestHeaderMap | undefined = undefined;
  responseHeaders: ResponseHeaderMap | undefined = undefined;
  /** A filter whose `create` threw: the stream answers 500 when its headers arrive. */
  readonly createFailure: { filter: ActiveFilter; error: unknown } | undefined;
  readonly observation: Observation | undefined;
  readonly observed: boolean;
  abort: AbortController | undefined = undefined;
  readonly #init: StreamInfoInit;
  readonly #startTime: number;
  #info: StreamInfo | undefined = undefined;

  constructor(chain: FilterChain, sink: StreamSink, init: StreamInfoInit) {
    this.chain = chain;
    this.sink = sink;
    this.#init = init;
    this.#startTime = Date.now();
    const defs = chain.filters;
    const n = defs.length;
    // Only the concrete stream (ActiveStream) is built, and it implements StreamCore.
    const core = this as unknown as StreamCore;
    const filters: ActiveFilter[] = new Array(n);
    let failure: StreamState['createFailure'];
    for (let i = 0; i < n; i++) {
      const def = defs[i]!;
      // The filter's callbacks are its per-stream state: one object per filter per stream.
      const filter = new ActiveFilter(core, i, def.name);
      filters[i] = filter;
      try {
        filter.instance = def.create(filter);
      } catch (error) {
        failure ??= { filter, error };
      }
    }
    this.filters = filters;
    this.createFailure = failure;
    this.phases = failure ? ALL_PHASES : phasesOf(chain, filters);
    this.decode = new Direction(core, false, n - 1);
    const observers = chain.observers;
    this.observation =
      observers.length === 0
        ? undefined
        : Observation.open(observers, this.streamInfo, chain.logger);
    this.observed = this.observation !== undefined;
  }

  get over(): boolean {
    return this.state >= Lifecycle.Done;
  }

  get streamInfo(): StreamInfo {
    this.#info ??= new StreamInfo(this.#init, this.#startTime);
    return this.#info;
  }

  /** The stream's `StreamInfo` if a filter or observer asked for it; never creates it. */
  get streamInfoIfCreated(): StreamInfo | undefined {
    return this.#info;
  }

  get signal(): AbortSignal {
    if (this.abort === undefined) {
      this.abort = new AbortController();
      if (this.state === Lifecycle.TimedOut || this.state === Lifecycle.Terminated) {
        this.abort.abort();
      }
    }
    return this.abort.signal;
  }

  direction(encode: boolean): Direction | undefined {
    return encode ? this.encode : this.decode;
  }

  /** The request path moves only while the stream is open; the response path until it ends. */
  moving(encode: boolean): boolean {
    return encode ? this.state < Lifecycle.Done : this.state === Lifecycle.Open;
  }

  encoder(): Direction {
    this.encode ??= new Direction(this as unknown as StreamCore, true, this.filters.length - 1);
    return this.encode;
  }
}
