import { BufferInstance } from './buffer-instance';
import type { HeaderMap } from './header-map';
import type { Status } from './status';
import type { StreamFilter } from './types';

/**
 * A frame moving through one direction of a stream. `pos` is the position (in this direction's
 * order) of the next filter it meets, so the frame is its own work item: one object per frame.
 */
export interface HeadersFrame {
  kind: 'headers';
  pos: number;
  headers: HeaderMap;
  end: boolean;
}

export interface DataFrame {
  kind: 'data';
  pos: number;
  buffer: BufferInstance;
  end: boolean;
  /** No more data follows (end of stream, or trailers next): buffering requests end here. */
  final: boolean;
  /** Headers held by a buffering filter, released just before this data passes that filter. */
  held: HeadersFrame | undefined;
}

export interface TrailersFrame {
  kind: 'trailers';
  pos: number;
  trailers: HeaderMap;
}

export type Frame = HeadersFrame | DataFrame | TrailersFrame;

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
  work: Frame[] = [];
  /**
   * Decode: the last filter index. Encode: the first filter in encode order (the last that
   * decoded). A frame whose `pos` is past `start` has passed every filter.
   */
  start: number;
  /** Filter index the direction is parked on (Running), or -1. */
  parkedAt = -1;
  /** Bumped on every park and reset, so stale promise results are recognised. */
  epoch = 0;
  buffering: BufferingState | undefined = undefined;
  /** Headers that passed every filter, held until the first body frame fixes their framing. */
  heldForFraming: HeadersFrame | undefined = undefined;
  /** The trailers that entered this direction, for `onLog`. */
  trailers: HeaderMap | undefined = undefined;
  headersDelivered = false;
  ended = false;
  stopped = false;
  pumping = false;
  flowPaused = false;

  constructor(encode: boolean, start: number) {
    this.encode = encode;
    this.start = start;
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

export function dataFrame(data: Uint8Array, end: boolean): DataFrame {
  return {
    kind: 'data',
    pos: 0,
    buffer: new BufferInstance(data),
    end,
    final: end,
    held: undefined,
  };
}

export type HookName = keyof StreamFilter & `${'de' | 'en'}code${string}`;

/** The hook a frame meets in a direction, named for logs. */
export function hookName(encode: boolean, kind: Frame['kind']): HookName {
  if (kind === 'headers') return encode ? 'encodeHeaders' : 'decodeHeaders';
  if (kind === 'data') return encode ? 'encodeData' : 'decodeData';
  return encode ? 'encodeTrailers' : 'decodeTrailers';
}

/** Runs the filter's hook for `frame`; `undefined` when the filter has none (pass through). */
export function callHook(filter: StreamFilter, encode: boolean, frame: Frame): unknown {
  // Static property names keep these loads monomorphic-friendly on the hot path.
  switch (frame.kind) {
    case 'headers': {
      const hook = encode ? filter.encodeHeaders : filter.decodeHeaders;
      return hook === undefined ? NO_HOOK : hook.call(filter, frame.headers as never, frame.end);
    }
    case 'data': {
      const hook = encode ? filter.encodeData : filter.decodeData;
      return hook === undefined ? NO_HOOK : hook.call(filter, frame.buffer, frame.end);
    }
    default: {
      const hook = encode ? filter.encodeTrailers : filter.decodeTrailers;
      return hook === undefined ? NO_HOOK : hook.call(filter, frame.trailers);
    }
  }
}

/** What {@link callHook} returns when the filter has no hook for the frame. */
export const NO_HOOK: unique symbol = Symbol('no hook');

/** Headers leave before the body they announce: state its length when known, else chunked. */
export function setFraming(headers: HeaderMap, length: number): void {
  if (length >= 0) {
    headers.set('content-length', String(length));
    headers.del('transfer-encoding');
  } else if (headers.has('content-length')) {
    headers.del('content-length');
    headers.set('transfer-encoding', 'chunked');
  }
}
