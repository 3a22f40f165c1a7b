import type { HeaderMap, RequestHeaderMap, ResponseHeaderMap } from './header-map';

/**
 * What an adapter gives the filter manager: where frames go once they passed every filter.
 * Request frames go on to the application; response frames go out to the client.
 */
export interface StreamSink {
  forwardRequestHeaders(headers: RequestHeaderMap, endStream: boolean): void;
  forwardRequestData(data: Uint8Array, endStream: boolean): void;
  forwardRequestTrailers(trailers: HeaderMap): void;
  /**
   * The chain answers locally (a filter's reply, a failure's 500, 413, a filter timeout's 504):
   * called once, just before that reply's frames, so the host keeps the application from
   * answering too. `details` is the reply's `responseCodeDetails`.
   */
  localReply?(details: string): void;
  sendResponseHeaders(headers: ResponseHeaderMap, endStream: boolean): void;
  sendResponseData(data: Uint8Array, endStream: boolean): void;
  sendResponseTrailers(trailers: HeaderMap): void;
  /** The response cannot be completed (e.g. a filter failed after it started): cut the stream. */
  reset(): void;
  /**
   * How far a response the chain did not see has got (an application answering directly when
   * no filter has an encode hook). Lets a late local reply be refused instead of corrupting it.
   */
  responseState?(): 'pending' | 'started' | 'finished';
  /**
   * A filter threw or rejected before anything of a response was sent. Return `true` to take
   * the error over (Express: `next(err)`): the chain sends no 500 of its own, and the response
   * the host then produces passes the encode hooks of the filters that ran before the failing
   * one. Return `false` (or leave this out) for the chain's fixed 500.
   */
  passError?(error: unknown): boolean;
  /** Stop (`true`) or resume reading the request body: back-pressure for watermark buffering. */
  setRequestFlow?(paused: boolean): void;
}
