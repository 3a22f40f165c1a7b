import type { ChainableFilter } from '../define-filter';
import { FilterChain, type FilterChainOptions } from '../filter-chain';
import { FilterManager } from '../filter-manager';
import { HeaderMap, type HeaderRecord, RequestHeaderMap, ResponseHeaderMap } from '../header-map';
import type { StreamSink } from '../stream-sink';
import type { LogContext, LogLevel } from '../types';

export type FakeBody = string | Uint8Array | ReadonlyArray<string | Uint8Array>;
export type FakeHeaders = Record<string, string | readonly string[]>;

/** A request to feed the chain, as a client would send it. */
export interface FakeRequest {
  method?: string;
  path?: string;
  scheme?: string;
  headers?: FakeHeaders;
  /** One chunk, or several (each becomes one `decodeData` call). */
  body?: FakeBody;
  trailers?: FakeHeaders;
}

/** A response to feed the chain, as an application would send it. */
export interface FakeResponse {
  status?: number;
  headers?: FakeHeaders;
  body?: FakeBody;
  trailers?: FakeHeaders;
}

export interface LogLine extends LogContext {
  level: LogLevel;
  message: string;
}

/** What reached the client (a local reply, or the app's response after the encode hooks). */
export interface ObservedResponse {
  status: number;
  headers: ResponseHeaderMap;
  body: Buffer;
  trailers: HeaderMap | undefined;
  ended: boolean;
}

/** What reached the application. */
export interface ObservedRequest {
  headers: RequestHeaderMap | undefined;
  body: Buffer;
  trailers: HeaderMap | undefined;
  ended: boolean;
}

function toRecord(headers: FakeHeaders | undefined): HeaderRecord {
  const record: HeaderRecord = {};
  for (const [name, value] of Object.entries(headers ?? {})) {
    record[name.toLowerCase()] = typeof value === 'string' ? value : [...value];
  }
  return record;
}

function chunks(body: FakeBody | undefined): Buffer[] {
  if (body === undefined) return [];
  const list = typeof body === 'string' || body instanceof Uint8Array ? [body] : body;
  return list.map((c) => (typeof c === 'string' ? Buffer.from(c) : Buffer.from(c)));
}

function settle(): { promise: Promise<void>; resolve: () => void } {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => {
    resolve = r;
  });
  return { promise, resolve };
}

/**
 * A stream with no server: feed it request and response frames step by step, and watch what
 * the chain passed on, replied, and logged. For filter authors' unit tests.
 *
 * @example
 * const stream = new FakeStream([myFilter({})]);
 * stream.sendRequest({ headers: { authorization: 'Basic Zm9vOmJhcg==' } });
 * await stream.forwarded; // the app would now run
 */
export class FakeStream {
  readonly chain: FilterChain;
  readonly request: ObservedRequest = {
    headers: undefined,
    body: Buffer.alloc(0),
    trailers: undefined,
    ended: false,
  };
  response: ObservedResponse | undefined;
  readonly logs: LogLine[] = [];
  /** True once the manager reset the stream (a failure after the response started). */
  wasReset = false;
  /** Resolves when the request has fully reached the application. */
  readonly forwarded: Promise<void>;
  /** Resolves when the response has fully reached the client (or the stream was reset). */
  readonly responded: Promise<void>;
  #forwarded = settle();
  #responded = settle();
  #chunks: Buffer[] = [];
  readonly #sink: StreamSink;
  #manager: FilterManager | undefined;

  constructor(
    filters: ChainableFilter | readonly ChainableFilter[],
    options: FilterChainOptions = {},
  ) {
    const list = Array.isArray(filters) ? filters : [filters as ChainableFilter];
    this.chain = new FilterChain(list, {
      ...options,
      logger: (level, message, context) => {
        this.logs.push({ level, message, ...context });
        options.logger?.(level, message, context);
      },
    });
    this.forwarded = this.#forwarded.promise;
    this.responded = this.#responded.promise;
    const self = this;
    this.#sink = {
      forwardRequestHeaders(headers, end) {
        self.request.headers = headers;
        if (end) self.#requestEnded();
      },
      forwardRequestData(data, end) {
        self.request.body = Buffer.concat([self.request.body, data]);
        if (end) self.#requestEnded();
      },
      forwardRequestTrailers(trailers) {
        self.request.trailers = trailers;
        self.#requestEnded();
      },
      sendResponseHeaders(headers, end) {
        self.response = {
          status: headers.status,
          headers,
          body: Buffer.alloc(0),
          trailers: undefined,
          ended: false,
        };
        if (end) self.#responseEnded();
      },
      sendResponseData(data, end) {
        self.#chunks.push(Buffer.from(data));
        if (self.response) self.response.body = Buffer.concat(self.#chunks);
        if (end) self.#responseEnded();
      },
      sendResponseTrailers(trailers) {
        if (self.response) self.response.trailers = trailers;
        self.#responseEnded();
      },
      reset() {
        self.wasReset = true;
        self.#responded.resolve();
      },
    };
  }

  /**
   * The stream's filter manager. Made by the first `sendRequest()`, so its `streamInfo` holds
   * that request's method and path (GET / when read before any request was sent).
   */
  get manager(): FilterManager {
    this.#manager ??= new FilterManager(this.chain, this.#sink, { method: 'GET', path: '/' });
    return this.#manager;
  }

  /** Feeds a whole request: headers, then each body chunk, then trailers. */
  sendRequest(request: FakeRequest = {}): this {
    const body = chunks(request.body);
    const trailers = request.trailers;
    const method = request.method ?? 'GET';
    const path = request.path ?? '/';
    this.#manager ??= new FilterManager(this.chain, this.#sink, { method, path });
    const headers = new RequestHeaderMap(toRecord(request.headers), {
      method,
      path,
      scheme: request.scheme ?? 'http',
    });
    this.manager.decodeHeaders(headers, body.length === 0 && trailers === undefined);
    body.forEach((chunk, i) => {
      this.manager.decodeData(chunk, i === body.length - 1 && trailers === undefined);
    });
    if (trailers !== undefined) this.manager.decodeTrailers(new HeaderMap(toRecord(trailers)));
    return this;
  }

  /** Feeds a whole response, as the application would send it. */
  sendResponse(response: FakeResponse = {}): this {
    const body = chunks(response.body);
    const trailers = response.trailers;
    const headers = new ResponseHeaderMap(response.status ?? 200, toRecord(response.headers));
    this.manager.encodeHeaders(headers, body.length === 0 && trailers === undefined);
    body.forEach((chunk, i) => {
      this.manager.encodeData(chunk, i === body.length - 1 && trailers === undefined);
    });
    if (trailers !== undefined) this.manager.encodeTrailers(new HeaderMap(toRecord(trailers)));
    return this;
  }

  /** The client went away. */
  disconnect(): this {
    this.manager.destroy();
    this.#responded.resolve();
    return this;
  }

  /** The response was fully written: runs `onLog` and `onDestroy`. */
  complete(): this {
    this.manager.complete();
    return this;
  }

  #requestEnded(): void {
    this.request.ended = true;
    this.#forwarded.resolve();
  }

  #responseEnded(): void {
    if (this.response) this.response.ended = true;
    this.#responded.resolve();
  }
}
