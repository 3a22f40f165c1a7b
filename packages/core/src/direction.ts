import { type ActiveFilter, Iteration } from './active-filter';
import { accumulate, type BufferingState, dropChunk, startBuffering } from './buffering';
import { describeValue, StreamFilterError } from './errors';
import { advance, type Frame, type HeadersFrame, hookName, hookOf } from './frames';
import type { HeaderMap } from './header-map';
import { isStatus, Status } from './status';
import type { DirectionView, StreamCore } from './stream-core';

export function isThenable(value: unknown): value is PromiseLike<unknown> {
  return (
    value !== null &&
    typeof value === 'object' &&
    typeof (value as { then?: unknown }).then === 'function'
  );
}

/** No frames yet: shared, never written; `push` replaces it with an array of its own. */
const NO_FRAMES: Frame[] = Object.freeze([]) as unknown as Frame[];

/** How far a direction's frames got out of the chain: nothing yet, headers, or its end. */
export const Delivered = Object.freeze({ None: 0, Headers: 1, End: 2 });
export type Delivered = (typeof Delivered)[keyof typeof Delivered];

/**
 * One direction of a stream (decode = request, encode = response) and its iteration loop.
 * Frames move through the filters one at a time, in order, so none overtakes another. The loop
 * stays synchronous while hooks return synchronously: a chain of sync hooks makes no promise.
 */
export class Direction implements DirectionView {
  readonly encode: boolean;
  readonly core: StreamCore;
  /** Frames still to move, head first; each frame's `pos` is the next filter it meets. */
  work: Frame[] = NO_FRAMES;
  /**
   * Decode: the last filter index. Encode: the first filter in encode order (the last that
   * decoded). A frame whose `pos` is past `start` has passed every filter.
   */
  start: number;
  parked: ActiveFilter | undefined = undefined;
  buffering: BufferingState | undefined = undefined;
  /** Headers that passed every filter, held until the first body frame fixes their framing. */
  heldForFraming: HeadersFrame | undefined = undefined;
  /** The body length the delivered headers announce, held to; -1 when nothing to check. */
  announced = -1;
  /** Body bytes delivered. */
  passed = 0;
  /** The trailers that entered this direction, for `onLog`. */
  trailers: HeaderMap | undefined = undefined;
  delivered: Delivered = Delivered.None;
  pumping = false;
  flowPaused = false;
  /** The filter timeout of the parked filter, when one is armed. */
  timer: ReturnType<typeof setTimeout> | undefined = undefined;

  constructor(core: StreamCore, encode: boolean, start: number) {
    this.core = core;
    this.encode = encode;
    this.start = start;
  }

  filterAt(pos: number): ActiveFilter {
    return this.core.filters[this.encode ? this.start - pos : pos]!;
  }

  push(frame: Frame): void {
    // An empty queue gets a one-frame array: most directions never hold more than one frame.
    if (this.work.length === 0) this.work = [frame];
    else this.work.push(frame);
    this.pump();
  }

  /** The iteration loop: moves the head frame until the direction parks, stops, or empties. */
  pump(): void {
    if (this.pumping) return;
    this.pumping = true;
    const core = this.core;
    try {
      while (this.parked === undefined && this.work.length > 0 && core.moving(this.encode)) {
        const frame = this.work[0]!;
        if (frame.pos > this.start) {
          this.work.shift();
          core.deliver(this, frame);
          continue;
        }
        const buffering = this.buffering;
        if (buffering !== undefined && buffering.pos === frame.pos && frame.kind !== 'headers') {
          accumulate(this, frame, buffering);
          continue;
        }
        this.#step(frame);
      }
    } finally {
      this.pumping = false;
    }
    if (!this.encode) core.requestFlowChanged();
  }

  /** Runs the hook of the filter `frame` is at, then applies what it returned. */
  #step(frame: Frame): void {
    const core = this.core;
    const encode = this.encode;
    const filter = this.filterAt(frame.pos);
    if (!encode && frame.kind === 'headers') core.decodedUpTo = filter.index;
    const hook = hookOf(filter.instance, encode, frame.kind);
    if (hook === undefined) {
      advance(this.work, frame);
      return;
    }
    filter.setState(encode, Iteration.InHook);
    if (core.observed) {
      filter.phase = hookName(encode, frame.kind);
      filter.hookStart = performance.now();
      filter.parkedMs = 0;
    }
    core.inHook = filter;
    let result: unknown;
    try {
      if (frame.kind === 'trailers') result = hook.call(filter.instance, frame.trailers);
      else if (frame.kind === 'headers')
        result = hook.call(filter.instance, frame.headers, frame.end);
      else result = hook.call(filter.instance, frame.buffer, frame.end);
    } catch (error) {
      core.inHook = undefined;
      filter.setState(encode, Iteration.Idle);
      core.fail(filter, hookName(encode, frame.kind), error);
      return;
    }
    core.inHook = undefined;
    const state = filter.state(encode);
    filter.setState(encode, Iteration.Idle);
    // A local reply asked for during the hook runs now that the hook has returned.
    if (core.runPendingReply()) {
      if (isThenable(result)) core.watchLate(result, filter);
      return;
    }
    if (state === Iteration.ContinuedInHook) {
      if (result === Status.Running || isThenable(result)) {
        if (result !== Status.Running) core.watchLate(result as PromiseLike<unknown>, filter);
        result = filter.continued;
      } else {
        core.ignore(filter, 'continue() while the filter was not Running');
      }
    }
    this.transition(frame, filter, result);
  }

  /** The one place a hook's status (returned, resolved, or given to `continue`) takes effect. */
  transition(frame: Frame, filter: ActiveFilter, result: unknown): void {
    const core = this.core;
    if (!core.moving(this.encode)) {
      if (isThenable(result)) core.watchLate(result, filter);
      return;
    }
    if (isThenable(result)) {
      this.#park(filter, result);
      return;
    }
    const status = result === undefined ? Status.Continue : result;
    switch (status) {
      case Status.Continue:
        if (core.observed) core.report(filter, 'continue');
        advance(this.work, frame);
        return;
      case Status.Running:
        this.#park(filter, Status.Running);
        return;
      case Status.StopAndBuffer:
      case Status.StopAndBufferWatermark:
        if (frame.kind === 'trailers') break;
        if (core.observed) core.report(filter, 'stop');
        startBuffering(this, frame, filter, status as Status);
        return;
      case Status.StopNoBuffer:
        if (frame.kind !== 'data') break;
        if (core.observed) core.report(filter, 'stop');
        dropChunk(this, frame);
        return;
    }
    const hook = hookName(this.encode, frame.kind);
    const why =
      status === Status.LocalReply
        ? 'returned Status.LocalReply without calling sendLocalReply() first'
        : isStatus(status)
          ? `returned Status.${status}, which ${hook} may not return`
          : `returned ${describeValue(status)}, which is not a Status (return Status.Continue, Status.Running, ...)`;
    core.fail(filter, hook, new StreamFilterError('ERR_INVALID_STATUS', why));
  }

  #park(filter: ActiveFilter, wait: unknown): void {
    const encode = this.encode;
    this.parked = filter;
    filter.setState(encode, Iteration.Parked, wait);
    this.core.parked(this, filter);
    if (wait === Status.Running) return;
    (wait as PromiseLike<unknown>).then(
      (status) => {
        // The filter's own state says whether this promise still holds the stream.
        if (!filter.waitingOn(encode, wait) || status === Status.Running) return;
        this.resume(filter, status);
      },
      (error: unknown) => {
        if (!filter.waitingOn(encode, wait)) this.core.logLate(filter, error);
        else this.core.fail(filter, hookName(encode, this.work[0]?.kind ?? 'headers'), error);
      },
    );
  }

  /** `filter`, parked here (its own state says so), goes on with `status`. */
  resume(filter: ActiveFilter, status: unknown): void {
    this.parked = undefined;
    filter.setState(this.encode, Iteration.Idle);
    this.core.unparked(this, filter);
    const frame = this.work[0];
    if (frame === undefined) return;
    this.transition(frame, filter, status);
    this.pump();
  }

  /** Drops everything in flight; filters parked or buffering here go back to idle. */
  reset(): void {
    this.work = NO_FRAMES;
    const parked = this.parked;
    if (parked !== undefined) {
      this.parked = undefined;
      parked.setState(this.encode, Iteration.Idle);
      this.core.unparked(this, parked);
    }
    const buffering = this.buffering;
    if (buffering !== undefined) {
      this.buffering = undefined;
      buffering.filter.setState(this.encode, Iteration.Idle);
    }
    this.heldForFraming = undefined;
  }
}
