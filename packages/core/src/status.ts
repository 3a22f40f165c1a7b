/**
 * What a hook tells the filter manager to do next, as in Envoy's Go filter API.
 *
 * @example
 * decodeHeaders(headers) {
 *   if (!headers.has('x-api-key')) return Status.StopAndBuffer;
 *   return Status.Continue;
 * }
 */
export const Status = Object.freeze({
  /** The filter went async: the stream waits for `callbacks.continue()` or `sendLocalReply()`. */
  Running: 'Running',
  /** The filter already called `sendLocalReply()`: the chain stops. */
  LocalReply: 'LocalReply',
  /** Pass headers, data or trailers on to the next filter. */
  Continue: 'Continue',
  /** Buffer the whole body; the data hook then runs once, at end of stream, with all of it. */
  StopAndBuffer: 'StopAndBuffer',
  /** Buffer with back-pressure instead of a 413; the data hook runs again on each new chunk. */
  StopAndBufferWatermark: 'StopAndBufferWatermark',
  /** (data hooks only) Drop this chunk: it is neither forwarded nor kept. */
  StopNoBuffer: 'StopNoBuffer',
});

/** One of the {@link Status} values. */
export type Status = (typeof Status)[keyof typeof Status];

/** Why a stream was destroyed, passed to `onDestroy`. */
export const DestroyReason = Object.freeze({
  /** The response completed. */
  Normal: 'Normal',
  /** The stream ended early, e.g. the client went away while a filter was still working. */
  Terminate: 'Terminate',
});

/** One of the {@link DestroyReason} values. */
export type DestroyReason = (typeof DestroyReason)[keyof typeof DestroyReason];

const statuses: ReadonlySet<unknown> = new Set(Object.values(Status));

export function isStatus(value: unknown): value is Status {
  return statuses.has(value);
}
