import { type ActiveFilter, Iteration } from './active-filter';
import type { HookOutcome, HookTiming, Observer, StreamObservation } from './observer';
import type { HookExtra } from './stream-core';
import type { StreamInfo } from './stream-info';
import type { Logger } from './types';

/**
 * The observers' view of one stream: made only when the chain has observers, so a chain
 * without them never reads the clock nor allocates a timing.
 */
export class Observation {
  readonly #streams: StreamObservation[];
  readonly #logger: Logger;

  private constructor(streams: StreamObservation[], logger: Logger) {
    this.#streams = streams;
    this.#logger = logger;
  }

  /** Asks each observer about a new stream; `undefined` when none wants it. */
  static open(
    observers: readonly Observer[],
    info: StreamInfo,
    logger: Logger,
  ): Observation | undefined {
    const streams: StreamObservation[] = [];
    for (const observer of observers) {
      try {
        const stream = observer.stream(info);
        if (stream) streams.push(stream);
      } catch (error) {
        logger('error', 'an observer failed in stream()', { error });
      }
    }
    return streams.length > 0 ? new Observation(streams, logger) : undefined;
  }

  /** Reports the hook call `filter` is in, now that its outcome is known; then closes it. */
  hook(filter: ActiveFilter, outcome: HookOutcome, extra: HookExtra | undefined): void {
    const start = filter.hookStart;
    if (start < 0) return;
    filter.hookStart = -1;
    const now = performance.now();
    const parkedNow =
      filter.decodeState === Iteration.Parked || filter.encodeState === Iteration.Parked;
    const timing: HookTiming = {
      filter: filter.filterName,
      index: filter.index,
      phase: filter.phase,
      outcome,
      start,
      duration: now - start,
      parked: filter.parkedMs + (parkedNow ? now - filter.parkStart : 0),
      ...extra,
    };
    for (const stream of this.#streams) {
      try {
        stream.hook?.(timing);
      } catch (error) {
        this.#logger('error', 'an observer failed in hook()', { error });
      }
    }
  }

  end(info: StreamInfo, terminated: boolean): void {
    for (const stream of this.#streams) {
      try {
        stream.end?.(info, terminated);
      } catch (error) {
        this.#logger('error', 'an observer failed in end()', { error });
      }
    }
  }
}
