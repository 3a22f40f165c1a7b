import { BufferInstance } from './buffer-instance';
import { describeValue, StreamFilterError } from './errors';
import { ResponseHeaderMap } from './header-map';
import type { LocalReplyHeaders } from './types';

export interface LocalReply {
  headers: ResponseHeaderMap;
  body: BufferInstance;
}

/** The body of the 500 answered when a filter throws; details stay in the log. */
export const FILTER_ERROR_BODY = 'error happened in filter';

/** Validates and builds a local reply; throws `ERR_INVALID_LOCAL_REPLY` or `ERR_INVALID_HEADER`. */
export function buildLocalReply(
  code: number,
  body: string | Uint8Array | undefined,
  headers: LocalReplyHeaders | undefined,
  grpcStatus: number | undefined,
): LocalReply {
  if (!Number.isInteger(code) || code < 200 || code > 599) {
    throw new StreamFilterError(
      'ERR_INVALID_LOCAL_REPLY',
      `sendLocalReply: code must be an integer from 200 to 599, got ${describeValue(code)}`,
    );
  }
  if (
    body !== undefined &&
    body !== null &&
    typeof body !== 'string' &&
    !(body instanceof Uint8Array)
  ) {
    throw new StreamFilterError(
      'ERR_INVALID_LOCAL_REPLY',
      `sendLocalReply: body must be a string or bytes, got ${describeValue(body)}`,
    );
  }
  const map = new ResponseHeaderMap(code);
  if (headers !== undefined && headers !== null) {
    for (const [name, value] of Object.entries(headers)) {
      if (value === undefined || value === '' || (Array.isArray(value) && value.length === 0))
        continue;
      map.set(name, value as string | readonly string[]);
    }
  }
  if (grpcStatus !== undefined && grpcStatus >= 0) map.set('grpc-status', String(grpcStatus));
  const buffer = new BufferInstance(body ?? undefined);
  if (!map.has('content-type') && buffer.length > 0)
    map.set('content-type', 'text/plain; charset=utf-8');
  map.set('content-length', String(buffer.length));
  return { headers: map, body: buffer };
}
