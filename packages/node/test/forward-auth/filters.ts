import type {
  ChainableFilter,
  FilterCallbacks,
  RequestHeaderMap,
  StreamFilter,
} from '@streamfilter/core';

/** A filter whose only hook is `decode(headers, callbacks)`. */
export function onHeaders(
  decode: (
    headers: RequestHeaderMap,
    callbacks: FilterCallbacks,
  ) => ReturnType<NonNullable<StreamFilter['decodeHeaders']>>,
  name = 'test',
): ChainableFilter {
  return {
    name,
    create: (callbacks) => ({ decodeHeaders: (headers) => decode(headers, callbacks) }),
  };
}

/** A filter that answers every request itself. */
export function replies(status: number, body: string, headers?: Record<string, string>) {
  return onHeaders(
    (_headers, callbacks) => callbacks.sendLocalReply(status, body, headers),
    'replies',
  );
}
