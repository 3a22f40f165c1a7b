import type { FilterPhase } from './observer';
import { Status } from './status';
import type { StreamCore } from './stream-core';
import type { StreamInfo } from './stream-info';
import type { FilterCallbacks, LocalReplyHeaders, LogLevel, StreamFilter } from './types';

/**
 * Where a filter is in its iteration of one direction (Envoy's `iteration_state_`): idle, in its
 * hook, in its hook having already called `continue()`, parked (`Running` or a pending promise),
 * or holding the body it asked to buffer.
 */
export const Iteration = Object.freeze({
  Idle: 0,
  InHook: 1,
  ContinuedInHook: 2,
  Parked: 3,
  Buffering: 4,
});
export type Iteration = (typeof Iteration)[keyof typeof Iteration];

const NO_HOOKS: StreamFilter = Object.freeze({});

/**
 * One filter of one stream (Envoy's `ActiveStreamFilterBase`): the filter instance, its
 * iteration state per direction, and the callbacks it was created with. Every "called twice",
 * "called too late" decision is made here, from this filter's own state.
 */
export class ActiveFilter implements FilterCallbacks {
  readonly core: StreamCore;
  readonly index: number;
  readonly filterName: string;
  instance: StreamFilter = NO_HOOKS;
  decodeState: Iteration = Iteration.Idle;
  encodeState: Iteration = Iteration.Idle;
  /** What the filter is parked on per direction: the promise its hook returned, or `Running`. */
  decodeWait: unknown = undefined;
  encodeWait: unknown = undefined;
  /** The status `continue()` was given during the hook. */
  continued: unknown = undefined;
  /** The hook call in progress, for observers only: its phase, start, and time parked. */
  phase: FilterPhase = 'decodeHeaders';
  hookStart = -1;
  parkStart = 0;
  parkedMs = 0;

  constructor(core: StreamCore, index: number, name: string) {
    this.core = core;
    this.index = index;
    this.filterName = name;
  }

  state(encode: boolean): Iteration {
    return encode ? this.encodeState : this.decodeState;
  }

  setState(encode: boolean, state: Iteration, wait?: unknown): void {
    if (encode) {
      this.encodeState = state;
      this.encodeWait = wait;
    } else {
      this.decodeState = state;
      this.decodeWait = wait;
    }
  }

  /** Whether `promise` is still what this filter is parked on in that direction. */
  waitingOn(encode: boolean, promise: unknown): boolean {
    return (encode ? this.encodeWait : this.decodeWait) === promise;
  }

  continue(status: Status = Status.Continue): void {
    const core = this.core;
    if (core.over) {
      core.ignore(this, 'continue() after the stream ended');
      return;
    }
    if (status === Status.Running) {
      core.ignore(this, 'continue(Status.Running)');
      return;
    }
    const { decodeState, encodeState } = this;
    if (decodeState === Iteration.InHook || encodeState === Iteration.InHook) {
      this.setState(encodeState === Iteration.InHook, Iteration.ContinuedInHook);
      this.continued = status;
      return;
    }
    if (decodeState === Iteration.Parked || encodeState === Iteration.Parked) {
      const encode = decodeState !== Iteration.Parked;
      core.direction(encode)?.resume(this, status);
      return;
    }
    const twice =
      decodeState === Iteration.ContinuedInHook || encodeState === Iteration.ContinuedInHook;
    core.ignore(
      this,
      twice ? 'continue() called twice' : 'continue() while the filter was not Running',
    );
  }

  sendLocalReply(
    code: number,
    body?: string | Uint8Array,
    headers?: LocalReplyHeaders,
    grpcStatus?: number,
    details?: string,
  ): typeof Status.LocalReply {
    this.core.localReplyFrom(this, code, body, headers, grpcStatus, details);
    return Status.LocalReply;
  }

  get streamInfo(): StreamInfo {
    return this.core.streamInfo;
  }

  get signal(): AbortSignal {
    return this.core.signal;
  }

  log(level: LogLevel, message: string): void {
    this.core.chain.logger(level, message, { filter: this.filterName });
  }
}
