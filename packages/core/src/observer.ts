import type { StreamInfo } from './stream-info';

/** The hooks an observer hears about. */
export type FilterPhase =
  | 'decodeHeaders'
  | 'decodeData'
  | 'decodeTrailers'
  | 'encodeHeaders'
  | 'encodeData'
  | 'encodeTrailers';

/**
 * How a hook ended: passed the frame on (`continue`), held it (`stop`: one of the buffering
 * statuses), answered the request (`localReply`), or threw, rejected or misbehaved (`error`).
 */
export type HookOutcome = 'continue' | 'stop' | 'localReply' | 'error';

/** One hook call of one filter on one stream, reported when its outcome is known. */
export interface HookTiming {
  /** The filter's name in the chain. */
  readonly filter: string;
  /** Its position in the chain. */
  readonly index: number;
  readonly phase: FilterPhase;
  readonly outcome: HookOutcome;
  /** `performance.now()` when the hook was called. */
  readonly start: number;
  /** Milliseconds from the call to the outcome, time parked included. */
  readonly duration: number;
  /** Milliseconds of `duration` the stream spent parked (`Running`, or a pending promise). */
  readonly parked: number;
  /** The local reply's status code, when `outcome` is `localReply`. */
  readonly code?: number;
  /** The local reply's details, when `outcome` is `localReply`. */
  readonly details?: string;
  /** What was thrown or rejected, when `outcome` is `error`. */
  readonly error?: unknown;
}

/** What an observer keeps for one stream. */
export interface StreamObservation {
  /** After each hook call whose outcome is known. */
  hook?(timing: HookTiming): void;
  /** Once, when the stream is over; `terminated` when it ended before the response did. */
  end?(info: StreamInfo, terminated: boolean): void;
}

/**
 * Telemetry for a chain (chain option `observers`). `stream` is called once per stream,
 * synchronously while the host starts it, so the caller's async context (an active HTTP server
 * span, say) is the current one; returning `undefined` ignores that stream. With no observer
 * set, the filter manager neither times nor allocates anything for them.
 *
 * @example
 * const logSlow: Observer = {
 *   stream: () => ({
 *     hook: (t) => { if (t.duration > 100) console.warn(`${t.filter} ${t.phase} ${t.duration} ms`); },
 *   }),
 * };
 */
export interface Observer {
  stream(info: StreamInfo): StreamObservation | undefined;
}
