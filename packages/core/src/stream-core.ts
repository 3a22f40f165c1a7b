import type { ActiveFilter } from './active-filter';
import type { FilterChain } from './filter-chain';
import type { Frame } from './frames';
import type { HookOutcome } from './observer';
import type { StreamInfo } from './stream-info';
import type { LocalReplyHeaders } from './types';

/** What a hook timing adds for a local reply or an error. */
export interface HookExtra {
  code?: number;
  details?: string;
  error?: unknown;
}

/** A direction of a stream as its filters see it. */
export interface DirectionView {
  readonly encode: boolean;
  /** The filter this direction is parked on, if any. */
  readonly parked: ActiveFilter | undefined;
  resume(filter: ActiveFilter, status: unknown): void;
}

/**
 * What a stream's directions and filters need from the stream: its lifecycle, local replies,
 * the sink, and telemetry. Implemented by the active stream; declared apart so that neither the
 * iteration loop nor the per-filter callbacks import the stream.
 */
export interface StreamCore {
  readonly chain: FilterChain;
  readonly filters: readonly ActiveFilter[];
  readonly phases: number;
  readonly streamInfo: StreamInfo;
  readonly signal: AbortSignal;
  /** The stream ended: no hook runs again, late calls are ignored. */
  readonly over: boolean;
  /** The request (`false`) or response (`true`) direction, once it exists. */
  direction(encode: boolean): DirectionView | undefined;
  /** Whether `encode`'s direction may still move frames through its filters. */
  moving(encode: boolean): boolean;
  /** The filter whose hook is on the stack, if any. */
  inHook: ActiveFilter | undefined;
  /** After a hook returned: executes the local reply it asked for; true when there was one. */
  runPendingReply(): boolean;
  localReplyFrom(
    filter: ActiveFilter,
    code: number,
    body: string | Uint8Array | undefined,
    headers: LocalReplyHeaders | undefined,
    grpcStatus: number | undefined,
    details: string | undefined,
  ): void;
  fail(filter: ActiveFilter, hook: string, error: unknown): void;
  ignore(filter: ActiveFilter, what: string): void;
  watchLate(promise: PromiseLike<unknown>, filter: ActiveFilter): void;
  /** A promise rejected after its stream moved on: logged, nothing else. */
  logLate(filter: ActiveFilter, error: unknown): void;
  /** A frame passed every filter of its direction. */
  deliver(dir: DirectionView, frame: Frame): void;
  limit(encode: boolean): number;
  overLimit(encode: boolean, filter: ActiveFilter): void;
  /** A direction parked on `filter` / resumed it: the filter timeout and telemetry follow. */
  parked(dir: DirectionView, filter: ActiveFilter): void;
  unparked(dir: DirectionView, filter: ActiveFilter): void;
  /** Whether hook calls are timed for observers. */
  readonly observed: boolean;
  /** Tells observers how `filter`'s hook call ended (only when `observed`). */
  report(filter: ActiveFilter, outcome: HookOutcome, extra?: HookExtra): void;
  /** The request direction's queue changed: back-pressure may apply. */
  requestFlowChanged(): void;
  /** Headers reached filter `index` on the request path (for a local reply's encode pass). */
  decodedUpTo: number;
}
