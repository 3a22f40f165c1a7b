import type { BufferInstance } from './buffer-instance';
import type { HeaderMap } from './header-map';
import type { Status } from './status';

export interface HeadersFrame {
  kind: 'headers';
  headers: HeaderMap;
  end: boolean;
}

export interface DataFrame {
  kind: 'data';
  buffer: BufferInstance;
  end: boolean;
  /** No more data follows (end of stream, or trailers next): buffering requests end here. */
  final: boolean;
  /** Headers held by a buffering filter, released just before this data passes that filter. */
  held: HeadersFrame | undefined;
}

export interface TrailersFrame {
  kind: 'trailers';
  trailers: HeaderMap;
}

export type Frame = HeadersFrame | DataFrame | TrailersFrame;

/** A frame and the position (in this direction's order) of the next filter it meets. */
export interface WorkItem {
  frame: Frame;
  pos: number;
}

export interface BufferingState {
  pos: number;
  mode: Status;
  body: BufferInstance;
  held: HeadersFrame | undefined;
}

/**
 * The state of one direction (decode = request, encode = response) of a stream: frames move
 * through the filters one at a time, in order, so no frame overtakes another.
 */
export class Direction {
  readonly encode: boolean;
  /** Frames still to move, head first. */
  work: WorkItem[] = [];
  /** Encode only: index of the first filter in encode order (the last that decoded). */
  start = 0;
  /** Filter index the direction is parked on (Running), or -1. */
  parkedAt = -1;
  /** Bumped on every park and reset, so stale promise results are recognised. */
  epoch = 0;
  buffering: BufferingState | undefined;
  /** Headers that passed every filter, held until the first body frame fixes their framing. */
  heldForFraming: HeadersFrame | undefined;
  headersDelivered = false;
  ended = false;
  stopped = false;
  pumping = false;
  flowPaused = false;

  constructor(encode: boolean) {
    this.encode = encode;
  }

  filterIndex(pos: number): number {
    return this.encode ? this.start - pos : pos;
  }

  /** Drops everything in flight; `stop` also refuses later frames. */
  reset(stop: boolean): void {
    this.work = [];
    this.parkedAt = -1;
    this.epoch++;
    this.buffering = undefined;
    this.heldForFraming = undefined;
    if (stop) this.stopped = true;
  }
}
