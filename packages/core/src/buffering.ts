import { type ActiveFilter, Iteration } from './active-filter';
import { BufferInstance } from './buffer-instance';
import {
  advance,
  type DataFrame,
  type Frame,
  type HeadersFrame,
  type TrailersFrame,
} from './frames';
import { Status } from './status';
import type { StreamCore } from './stream-core';

/** A body a filter asked to hold (`StopAndBuffer`, `StopAndBufferWatermark`). */
export interface BufferingState {
  filter: ActiveFilter;
  /** The filter's position in the direction's order. */
  pos: number;
  mode: Status;
  body: BufferInstance;
  /** The headers held back with the body, released just before it passes the filter. */
  held: HeadersFrame | undefined;
}

/** What buffering reads and changes of a direction. */
export interface BufferingDirection {
  readonly encode: boolean;
  readonly core: StreamCore;
  work: Frame[];
  buffering: BufferingState | undefined;
  parked: ActiveFilter | undefined;
  flowPaused: boolean;
}

/** A hook returned a buffering status for `frame`: hold it, unless nothing more can come. */
export function startBuffering(
  dir: BufferingDirection,
  frame: HeadersFrame | DataFrame,
  filter: ActiveFilter,
  mode: Status,
): void {
  if (frame.kind === 'headers' ? frame.end : frame.final) {
    advance(dir.work, frame);
    return;
  }
  dir.work.shift();
  const headers = frame.kind === 'headers';
  const buffering: BufferingState = {
    filter,
    pos: frame.pos,
    mode,
    body: headers ? new BufferInstance() : frame.buffer,
    held: headers ? frame : frame.held,
  };
  dir.buffering = buffering;
  filter.setState(dir.encode, Iteration.Buffering);
  if (mode === Status.StopAndBuffer && buffering.body.length > dir.core.limit(dir.encode)) {
    dir.core.overLimit(dir.encode, filter);
  }
}

/** A data or trailers frame reached the filter that is buffering the body. */
export function accumulate(
  dir: BufferingDirection,
  frame: DataFrame | TrailersFrame,
  buffering: BufferingState,
): void {
  const body = buffering.body;
  if (frame.kind === 'data') {
    if (frame.buffer !== body) body.append(frame.buffer.bytes());
    if (buffering.mode === Status.StopAndBuffer) {
      if (body.length > dir.core.limit(dir.encode)) {
        dir.core.overLimit(dir.encode, buffering.filter);
        return;
      }
      if (!frame.end) {
        dir.work.shift();
        return;
      }
    }
    // This frame now carries everything held so far into the buffering filter's data hook.
    if (frame.buffer !== body) frame.size = -1;
    frame.buffer = body;
    frame.final = frame.end;
    frame.held = buffering.held;
  } else {
    const held = buffering.held;
    dir.work.unshift({
      kind: 'data',
      pos: frame.pos,
      buffer: body,
      end: false,
      final: true,
      held,
      size: -1,
    });
  }
  dir.buffering = undefined;
  buffering.filter.setState(dir.encode, Iteration.Idle);
}

/** `StopNoBuffer`: the chunk is dropped; an end of stream (or held headers) still passes. */
export function dropChunk(dir: BufferingDirection, frame: DataFrame): void {
  frame.buffer.reset();
  if (frame.end || frame.held !== undefined) advance(dir.work, frame);
  else dir.work.shift();
}

/**
 * How much request body waits in the chain; past the limit, reading pauses. Returns the new
 * paused state when it changed, `undefined` otherwise.
 */
export function requestFlow(dir: BufferingDirection, moving: boolean): boolean | undefined {
  const buffering = dir.buffering;
  let queued = buffering?.mode === Status.StopAndBufferWatermark ? buffering.body.length : 0;
  if (dir.parked !== undefined || queued > 0) {
    for (const frame of dir.work) if (frame.kind === 'data') queued += frame.buffer.length;
  }
  const paused = moving && queued > dir.core.chain.maxRequestBodyBytes;
  if (paused === dir.flowPaused) return undefined;
  dir.flowPaused = paused;
  return paused;
}
