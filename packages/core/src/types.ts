import type { BufferInstance } from './buffer-instance';
import type { HeaderMap, RequestHeaderMap, ResponseHeaderMap } from './header-map';
import type { DestroyReason, Status } from './status';
import type { StreamInfo } from './stream-info';

/** What a hook returns: a status, nothing (= `Continue`), or a promise of either. */
// biome-ignore lint/suspicious/noConfusingVoidType: lets a hook be a plain `async` method that returns nothing
export type HookResult = Status | undefined | void | Promise<Status | undefined | void>;

/**
 * A filter instance, created per request. Every hook is optional; a missing hook passes through.
 * Decode hooks run in chain order, encode hooks in reverse. The chain reads which hooks a filter
 * has from its first instance, so `create` should return the same set of hooks every time.
 */
export interface StreamFilter {
  decodeHeaders?(headers: RequestHeaderMap, endStream: boolean): HookResult;
  decodeData?(buffer: BufferInstance, endStream: boolean): HookResult;
  decodeTrailers?(trailers: HeaderMap): HookResult;
  encodeHeaders?(headers: ResponseHeaderMap, endStream: boolean): HookResult;
  encodeData?(buffer: BufferInstance, endStream: boolean): HookResult;
  encodeTrailers?(trailers: HeaderMap): HookResult;
  /** Once, when the stream is over (also when it was cut short), for access logs. */
  onLog?(
    requestHeaders: RequestHeaderMap,
    requestTrailers: HeaderMap | undefined,
    responseHeaders: ResponseHeaderMap | undefined,
    responseTrailers: HeaderMap | undefined,
  ): void;
  /** Once per stream, last: `Normal`, or `Terminate` when it ended before the response did. */
  onDestroy?(reason: DestroyReason): void;
}

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

/** Receives the SDK's and the filters' log lines. Never handed secrets by this SDK. */
export type Logger = (level: LogLevel, message: string, context?: LogContext) => void;

export interface LogContext {
  /** The filter the line is about. */
  filter?: string;
  /** The error behind the line, if any. */
  error?: unknown;
}

/** Headers for a local reply: values are added lower-cased; empty values are skipped. */
export type LocalReplyHeaders = Record<string, string | readonly string[] | undefined>;

/**
 * How a filter talks back to the stream, as Envoy's `FilterCallbacks`.
 *
 * @example
 * decodeHeaders(headers) {
 *   setTimeout(() => this.callbacks.continue(Status.Continue), 10);
 *   return Status.Running;
 * }
 */
export interface FilterCallbacks {
  /** Resumes a stream this filter parked with `Running`. Extra calls are ignored and logged. */
  continue(status?: Status): void;
  /**
   * Answers the request directly; the decode chain stops. The reply passes through the encode
   * hooks of the filters that already ran. Extra or late calls are ignored and logged. Called
   * during a hook, the reply is sent once the hook returns. Returns `Status.LocalReply`, so a
   * hook can `return callbacks.sendLocalReply(403, 'forbidden')`.
   */
  sendLocalReply(
    code: number,
    body?: string | Uint8Array,
    headers?: LocalReplyHeaders,
    grpcStatus?: number,
    details?: string,
  ): typeof Status.LocalReply;
  /** Facts about the stream, and the per-request `metadata` map shared between filters. */
  readonly streamInfo: StreamInfo;
  /** Writes a line to the chain's logger, tagged with this filter's name. */
  log(level: LogLevel, message: string): void;
  /** Aborts when the stream is destroyed early (client gone): pass it to async work. */
  readonly signal: AbortSignal;
  /** This filter's name in the chain. */
  readonly filterName: string;
}
