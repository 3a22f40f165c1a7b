import {
  type FilterManager,
  type HeaderMap,
  type RequestHeaderMap,
  ResponseHeaderMap,
  type StreamInfoInit,
  type StreamSink,
} from '@streamfilter/core';
import { BodyPipe } from './body-pipe';
import { headersOf, nullBodyStatus, recordOf } from './headers';
import { type PumpGate, pump } from './pump';
import { RequestLine } from './request-line';

const EMPTY = new Uint8Array(0);

/** A `Response` of any realm or runtime (hosts may replace the global class). */
function isResponse(value: unknown): value is Response {
  const response = value as Response | null | undefined;
  return typeof response?.status === 'number' && typeof response.headers?.get === 'function';
}

function describeValue(value: unknown): string {
  if (value === null) return 'null';
  if (typeof value !== 'object') return typeof value;
  const name = value.constructor?.name;
  return name && name !== 'Object' ? `a ${name}` : 'an object';
}

/** What the chain wraps: a Web-standard fetch handler. */
export type Handler = (request: Request) => Response | Promise<Response>;

/**
 * One request under a filter chain, in Fetch terms: the request headers and body go in through
 * the decode hooks, the handler gets the `Request` they passed on, and its `Response` goes out
 * through the encode hooks. A local reply is a `Response` of its own; the handler's is dropped.
 * For host adapters (`@streamfilter/hono` is one); applications use `withFilters`.
 *
 * @example
 * const stream = new FetchStream(request);
 * const passed = stream.begin(new FilterManager(chain, stream, stream));
 * return passed !== undefined ? handler(passed) : stream.proceed(handler);
 */
export class FetchStream implements StreamSink, StreamInfoInit {
  readonly method: string;
  readonly path: string;
  readonly #request: Request;
  readonly #line: RequestLine;
  #manager!: FilterManager;
  /** Set by `proceed()`: until then a request that passed the chain waits in `#passed`. */
  #handler: Handler | undefined;
  #passed: Request | undefined;
  /** The response handed to the host, once there is one. */
  #answer: Response | undefined;
  #resolve: ((response: Response) => void) | undefined;
  #reject: ((error: unknown) => void) | undefined;
  #over = false;
  /** A filter answered: the handler's response, if any, is dropped, the request body unread. */
  #localReply = false;
  #requestBody: ReadableStream<Uint8Array> | null = null;
  #toApp: BodyPipe | undefined;
  #flowPaused = false;
  /** The handler's response headers, as the encode hooks got them. */
  #appHeaders: ResponseHeaderMap | undefined;
  #appStatusText = '';
  #readingResponse = false;
  #toClient: BodyPipe | undefined;
  #wake: (() => void) | undefined;
  #waiting: Promise<void> | undefined;
  #onAbort: (() => void) | undefined;

  /**
   * @param headerLines the request's header lines as received (`[name, value, ...]`), when the
   *   host has them: filters then see the same headers without a Fetch `Headers` being built.
   */
  constructor(request: Request, headerLines?: readonly string[]) {
    this.#request = request;
    this.#line = new RequestLine(request, headerLines);
    this.method = this.#line.method;
    this.path = this.#line.path;
  }

  /**
   * Runs the request headers through `manager`'s chain. Returns the request for the handler
   * when the chain is already done with this stream (it passed every filter, and no filter
   * wants anything more): the host then calls its handler itself, and nothing else follows.
   * Otherwise returns `undefined`, and `proceed()` takes the stream on.
   */
  begin(manager: FilterManager): Request | undefined {
    this.#manager = manager;
    const request = this.#request;
    if (manager.wantsRequestBody && !request.bodyUsed) this.#requestBody = request.body;
    manager.decodeHeaders(this.#line.headers, this.#requestBody === null);
    if (!manager.settled || this.#passed === undefined) return undefined;
    this.#over = true;
    return this.#passed;
  }

  /** Calls `handler` once the chain lets the request through; resolves to what the client gets. */
  proceed(handler: Handler): Response | Promise<Response> {
    this.#handler = handler;
    const manager = this.#manager;
    if (manager.settled && this.#answer !== undefined) {
      // Only a local reply settles a stream that `begin()` did not hand back.
      this.#over = true;
      return this.#answer;
    }
    const answer =
      this.#answer ??
      new Promise<Response>((resolve, reject) => {
        this.#resolve = resolve;
        this.#reject = reject;
      });
    this.#watchClient(this.#request.signal);
    const passed = this.#passed;
    if (passed !== undefined && !this.#over) this.#callApp(passed);
    const body = this.#requestBody;
    if (body !== null && !this.#over && !this.#localReply) {
      pump(body.getReader(), this.#gate(false), (chunk, end) =>
        manager.decodeData(chunk, end),
      ).catch((error: unknown) => this.#requestFailed(error));
    }
    return answer;
  }

  // Request path

  forwardRequestHeaders(_headers: RequestHeaderMap, endStream: boolean): void {
    let body: ReadableStream<Uint8Array> | undefined;
    if (!endStream) {
      this.#toApp = new BodyPipe({
        wanted: () => this.#progress(),
        done: () => {},
        cancelled: () => {},
      });
      body = this.#toApp.stream!;
    }
    const passed = this.#line.forwarded(this.#request, body);
    if (this.#handler === undefined) this.#passed = passed;
    else this.#callApp(passed);
  }

  forwardRequestData(data: Uint8Array, endStream: boolean): void {
    this.#toApp?.push(data, endStream);
  }

  forwardRequestTrailers(_trailers: HeaderMap): void {
    this.#toApp?.push(EMPTY, true);
  }

  setRequestFlow(paused: boolean): void {
    this.#flowPaused = paused;
    if (!paused) this.#progress();
  }

  #requestFailed(error: unknown): void {
    // The request body broke off (the client went away, most likely).
    this.#toApp?.error(error);
    this.#destroy();
  }

  // Response path

  #callApp(request: Request): void {
    let result: Response | Promise<Response>;
    try {
      result = this.#handler!(request);
    } catch (error) {
      result = Promise.reject(error);
    }
    if (typeof (result as Promise<Response> | undefined)?.then !== 'function') {
      this.#appResponded(result);
      return;
    }
    (result as Promise<Response>).then(
      (response) => this.#appResponded(response),
      (error: unknown) => this.#appFailed(error),
    );
  }

  #appResponded(response: unknown): void {
    if (!isResponse(response)) {
      this.#appFailed(
        new TypeError(`the handler must return a Response, got ${describeValue(response)}`),
      );
      return;
    }
    if (this.#over || this.#localReply) {
      // A local reply answered meanwhile: the handler's response is not wanted.
      response.body?.cancel().catch(() => {});
      return;
    }
    const manager = this.#manager;
    const headers = new ResponseHeaderMap(response.status, recordOf(response.headers));
    this.#appHeaders = headers;
    this.#appStatusText = response.statusText;
    const body = response.body;
    if (!manager.wantsResponse) {
      this.#relay(response, headers);
      return;
    }
    manager.encodeHeaders(headers, body === null);
    if (body === null) return;
    this.#readingResponse = true;
    pump(body.getReader(), this.#gate(true), (chunk, end) => manager.encodeData(chunk, end)).catch(
      (error: unknown) => this.#appFailed(error),
    );
  }

  /** No filter looks at the response: it goes out as it is, watched only for its end. */
  #relay(response: Response, headers: ResponseHeaderMap): void {
    const body = response.body;
    if (this.#manager.settled || body === null) {
      // Nothing waits for its end (settled), or it has none: the stream is done with it.
      this.#handOut(response);
      queueMicrotask(() => this.#complete());
      return;
    }
    const pipe = this.#pipeToClient(headers.status);
    this.#handOut(
      new Response(pipe.stream, {
        status: response.status,
        statusText: response.statusText,
        headers: response.headers,
      }),
    );
    this.#readingResponse = true;
    pump(body.getReader(), this.#gate(true), (chunk, end) => pipe.push(chunk, end)).catch(
      (error: unknown) => this.#appFailed(error),
    );
  }

  /** When a body pump may read on: the request's (decode) or the handler's response's. */
  #gate(encode: boolean): PumpGate {
    const changed = () => this.#changed();
    if (encode) {
      return {
        open: () => !this.#over && this.#readingResponse,
        held: () => this.#manager.responseBlocked || this.#toClient?.full === true,
        changed,
      };
    }
    return {
      open: () => !this.#over && !this.#localReply,
      held: () => this.#flowPaused || this.#toApp?.full === true,
      changed,
    };
  }

  #appFailed(error: unknown): void {
    if (this.#over) return;
    if (this.#answer === undefined) {
      this.#reject?.(error);
      this.#destroy();
      return;
    }
    if (this.#readingResponse) {
      this.#toClient?.error(error);
      this.#destroy();
    }
  }

  localReply(_details: string): void {
    this.#localReply = true;
    this.#readingResponse = false;
    this.#toApp?.error(new Error('a filter answered the request'));
  }

  sendResponseHeaders(headers: ResponseHeaderMap, endStream: boolean): void {
    const status = headers.status;
    const init: ResponseInit = {
      status,
      statusText: status === this.#appHeaders?.status ? this.#appStatusText : '',
      headers: headersOf(headers),
    };
    if (endStream) {
      this.#handOut(new Response(null, init));
      queueMicrotask(() => this.#complete());
      return;
    }
    this.#handOut(new Response(this.#pipeToClient(status).stream, init));
  }

  sendResponseData(data: Uint8Array, endStream: boolean): void {
    this.#toClient?.push(data, endStream);
    this.#progress();
  }

  sendResponseTrailers(_trailers: HeaderMap): void {
    // A Fetch `Response` carries no trailers: the body ends here.
    this.#toClient?.push(EMPTY, true);
  }

  responseState(): 'pending' | 'started' | 'finished' {
    return this.#over ? 'finished' : this.#answer === undefined ? 'pending' : 'started';
  }

  reset(): void {
    const error = new Error('the response was reset by a filter chain');
    if (this.#answer === undefined) this.#reject?.(error);
    else this.#toClient?.error(error);
    this.#readingResponse = false;
    this.#progress();
  }

  #pipeToClient(status: number): BodyPipe {
    this.#toClient = new BodyPipe(
      {
        wanted: () => this.#progress(),
        done: () => this.#complete(),
        cancelled: () => this.#destroy(),
      },
      !nullBodyStatus(status),
    );
    return this.#toClient;
  }

  #handOut(response: Response): void {
    this.#answer = response;
    this.#resolve?.(response);
    this.#progress();
  }

  // Lifecycle

  #watchClient(signal: AbortSignal): void {
    if (signal.aborted) {
      this.#destroy();
      return;
    }
    const onAbort = () => this.#destroy();
    this.#onAbort = onAbort;
    signal.addEventListener('abort', onAbort, { once: true });
  }

  #finish(): boolean {
    if (this.#over) return false;
    this.#over = true;
    this.#readingResponse = false;
    if (this.#onAbort !== undefined) {
      this.#request.signal.removeEventListener('abort', this.#onAbort);
    }
    this.#progress();
    return true;
  }

  /** The response went out whole. */
  #complete(): void {
    if (!this.#finish()) return;
    this.#manager.complete(this.#appHeaders);
  }

  /** The client went away, or the response could not be completed. */
  #destroy(): void {
    if (!this.#finish()) return;
    // The handler's reads of a request body that will not complete fail; the response body is
    // the host's to cancel, as it does for a client that went away.
    this.#toApp?.error(new Error('the client went away'));
    this.#manager.destroy();
    // Nobody is there to read an answer, but the host's promise must settle: 499, as nginx
    // logs a request whose client closed the connection first.
    if (this.#answer === undefined) this.#handOut(new Response(null, { status: 499 }));
  }

  /** Resolves at the next event that may let a waiting body pump go on. */
  #changed(): Promise<void> {
    this.#waiting ??= new Promise((resolve) => {
      this.#wake = resolve;
    });
    return this.#waiting;
  }

  #progress(): void {
    const wake = this.#wake;
    if (wake === undefined) return;
    this.#wake = undefined;
    this.#waiting = undefined;
    wake();
  }
}
