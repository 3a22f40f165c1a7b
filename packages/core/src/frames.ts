import { BufferInstance } from './buffer-instance';
import type { HeaderMap } from './header-map';
import type { FilterPhase } from './observer';
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
  /** Its length as it entered the chain; -1 once it carries frames merged by buffering. */
  size: number;
}

export interface TrailersFrame {
  kind: 'trailers';
  pos: number;
  trailers: HeaderMap;
}

export type Frame = HeadersFrame | DataFrame | TrailersFrame;

export function dataFrame(data: Uint8Array, end: boolean): DataFrame {
  return {
    kind: 'data',
    pos: 0,
    buffer: new BufferInstance(data),
    end,
    final: end,
    held: undefined,
    size: data.length,
  };
}

export type HookName = FilterPhase;

/** The hook a frame meets in a direction, named for logs. */
export function hookName(encode: boolean, kind: Frame['kind']): HookName {
  if (kind === 'headers') return encode ? 'encodeHeaders' : 'decodeHeaders';
  if (kind === 'data') return encode ? 'encodeData' : 'decodeData';
  return encode ? 'encodeTrailers' : 'decodeTrailers';
}

type Hook = (this: StreamFilter, value: unknown, endStream?: boolean) => unknown;

/** The filter's hook for a frame of `kind` in that direction; `undefined` passes the frame on. */
export function hookOf(
  filter: StreamFilter,
  encode: boolean,
  kind: Frame['kind'],
): Hook | undefined {
  // Static property names keep these loads monomorphic-friendly on the hot path.
  if (kind === 'headers') return (encode ? filter.encodeHeaders : filter.decodeHeaders) as Hook;
  if (kind === 'data') return (encode ? filter.encodeData : filter.decodeData) as Hook;
  return (encode ? filter.encodeTrailers : filter.decodeTrailers) as Hook;
}

/** Moves `frame` past its filter; data carrying held headers lets them go first. */
export function advance(work: Frame[], frame: Frame): void {
  frame.pos++;
  if (frame.kind === 'data' && frame.held !== undefined) {
    const held = frame.held;
    frame.held = undefined;
    held.pos = frame.pos;
    work.unshift(held);
  }
}

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
