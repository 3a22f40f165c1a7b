import type { OutgoingHttpHeaders, ServerResponse } from 'node:http';
import {
  type FilterManager,
  HeaderMap,
  type HeaderRecord,
  ResponseHeaderMap,
} from '@streamfilter/core';

type Callback = (error?: Error | null) => void;
type Method = (this: unknown, ...args: unknown[]) => unknown;
const EMPTY = Buffer.alloc(0);

function toBuffer(chunk: unknown, encoding: unknown): Buffer {
  if (typeof chunk === 'string') return Buffer.from(chunk, (encoding as BufferEncoding) || 'utf8');
  return Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk as Uint8Array);
}

/** Node's outgoing headers (object or flat list) as a lower-case header record. */
export function lowerCased(headers: OutgoingHttpHeaders | readonly string[]): HeaderRecord {
  const record: HeaderRecord = {};
  if (Array.isArray(headers)) {
    for (let i = 0; i + 1 < headers.length; i += 2) {
      const name = String(headers[i]).toLowerCase();
      const value = String(headers[i + 1]);
      const current = record[name];
      record[name] = current === undefined ? value : ([] as string[]).concat(current, value);
    }
    return record;
  }
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined) continue;
    record[name.toLowerCase()] = Array.isArray(value) ? value.map(String) : String(value);
  }
  return record;
}

const TAP = Symbol('streamfilter response tap');
type TappedResponse = ServerResponse & { [TAP]: ResponseTap };

function tapOf(res: ServerResponse): ResponseTap {
  return (res as TappedResponse)[TAP];
}

// The methods a tapped `res` gets. They are shared by every response, and find their tap
// through `res`, so tapping a response allocates no closures.

function streamfilterWriteHead(this: ServerResponse, ...args: unknown[]): unknown {
  return tapOf(this).onWriteHead(this, args);
}

function streamfilterWrite(
  this: ServerResponse,
  chunk: unknown,
  encoding?: unknown,
  cb?: unknown,
): unknown {
  return tapOf(this).onWrite(this, chunk, encoding, cb);
}

function streamfilterEnd(
  this: ServerResponse,
  chunk?: unknown,
  encoding?: unknown,
  cb?: unknown,
): unknown {
  return tapOf(this).onEnd(this, chunk, encoding, cb);
}

function streamfilterAddTrailers(this: ServerResponse, headers: OutgoingHttpHeaders): unknown {
  return tapOf(this).onAddTrailers(this, headers);
}

function streamfilterFlushHeaders(this: ServerResponse): unknown {
  return tapOf(this).onFlushHeaders(this);
}

/**
 * Routes the application's response through the chain's encode hooks: `writeHead`, `write`,
 * `end`, `addTrailers` and `flushHeaders` of this `res` are taken over, and what the filters
 * pass on is written with the original methods. Installed only when some filter has an encode
 * hook.
 */
export class ResponseTap {
  readonly #res: ServerResponse;
  readonly #writeHead: Method;
  readonly #write: Method;
  readonly #end: Method;
  readonly #addTrailers: Method;
  readonly #flushHeaders: Method;
  #manager: FilterManager | undefined;
  #writing = false;
  #started = false;
  #ended = false;
  #needDrain = false;
  #lastWriteOk = true;
  #trailers: HeaderRecord | undefined;

  constructor(res: ServerResponse) {
    this.#res = res;
    this.#writeHead = res.writeHead as Method;
    this.#write = res.write as Method;
    this.#end = res.end as Method;
    this.#addTrailers = res.addTrailers as Method;
    this.#flushHeaders = res.flushHeaders as Method;
  }

  /** Whether the application began its response (as opposed to a local reply). */
  get started(): boolean {
    return this.#started;
  }

  install(manager: FilterManager): void {
    this.#manager = manager;
    (this.#res as TappedResponse)[TAP] = this;
    const res = this.#res as unknown as Record<string, unknown>;
    res.writeHead = streamfilterWriteHead;
    res.write = streamfilterWrite;
    res.end = streamfilterEnd;
    res.addTrailers = streamfilterAddTrailers;
    res.flushHeaders = streamfilterFlushHeaders;
  }

  /** `res.writeHead()`: the status and headers wait for the first body frame or the end. */
  onWriteHead(res: ServerResponse, args: unknown[]): unknown {
    if (this.#writing) return this.#writeHead.apply(res, args);
    this.#deferWriteHead(args);
    return res;
  }

  onWrite(res: ServerResponse, chunk: unknown, encoding: unknown, cb: unknown): boolean {
    if (this.#writing) return this.#write.call(res, chunk, encoding, cb) as boolean;
    const manager = this.#manager!;
    const callback = (typeof encoding === 'function' ? encoding : cb) as Callback | undefined;
    this.#startResponse(false);
    manager.encodeData(toBuffer(chunk, encoding), false);
    if (callback) process.nextTick(callback);
    if (manager.responseBlocked || !this.#lastWriteOk) {
      this.#needDrain = true;
      return false;
    }
    return true;
  }

  onEnd(res: ServerResponse, chunk: unknown, encoding: unknown, cb: unknown): unknown {
    if (this.#writing) return this.#end.call(res, chunk, encoding, cb);
    const callback = [chunk, encoding, cb].find((a) => typeof a === 'function') as
      | Callback
      | undefined;
    if (callback) res.once('finish', callback);
    if (this.#ended) return res;
    this.#ended = true;
    const data = chunk == null || typeof chunk === 'function' ? EMPTY : toBuffer(chunk, encoding);
    this.#finishResponse(data);
    return res;
  }

  onAddTrailers(res: ServerResponse, headers: OutgoingHttpHeaders): unknown {
    if (this.#writing) return this.#addTrailers.call(res, headers);
    this.#trailers = { ...this.#trailers, ...lowerCased(headers) };
    return undefined;
  }

  onFlushHeaders(res: ServerResponse): unknown {
    if (this.#writing) return this.#flushHeaders.call(res);
    this.#startResponse(false);
    return undefined;
  }

  #deferWriteHead(args: unknown[]): void {
    if (this.#started) return;
    const res = this.#res;
    const [status, reason, headers] = args;
    res.statusCode = Number(status);
    if (typeof reason === 'string') res.statusMessage = reason;
    const given = (typeof reason === 'string' ? headers : reason) as
      | OutgoingHttpHeaders
      | string[]
      | undefined;
    if (given) {
      for (const [name, value] of Object.entries(lowerCased(given))) {
        if (value !== undefined) res.setHeader(name, value);
      }
    }
  }

  #startResponse(endStream: boolean): void {
    if (this.#started) return;
    this.#started = true;
    const res = this.#res;
    const headers = new ResponseHeaderMap(res.statusCode, lowerCased(res.getHeaders()));
    this.#manager?.encodeHeaders(headers, endStream);
  }

  #finishResponse(data: Buffer): void {
    const manager = this.#manager!;
    const trailers = this.#trailers;
    const wasStarted = this.#started;
    if (!wasStarted) this.#startResponse(data.length === 0 && trailers === undefined);
    if (data.length > 0 || (wasStarted && trailers === undefined)) {
      manager.encodeData(data, trailers === undefined);
    }
    if (trailers !== undefined) manager.encodeTrailers(new HeaderMap(trailers));
  }

  /**
   * The application's response is no longer wanted (a filter answered after the request reached
   * the application): its writes and header changes are dropped instead of failing on a
   * finished response.
   */
  seal(): void {
    const tap = this;
    const res = this.#res as unknown as Record<string, unknown>;
    for (const name of SEALED) {
      const original = res[name] as (...a: unknown[]) => unknown;
      res[name] = function sealed(this: unknown, ...args: unknown[]) {
        if (tap.#writing) return original.apply(this, args);
        const callback = args.find((a) => typeof a === 'function') as Callback | undefined;
        if (callback) process.nextTick(callback);
        return name === 'write' ? true : this;
      };
    }
  }

  /** Writes with the original methods, bypassing the tap. */
  #raw<T>(fn: () => T): T {
    this.#writing = true;
    try {
      return fn();
    } finally {
      this.#writing = false;
    }
  }

  sendHeaders(headers: ResponseHeaderMap, endStream: boolean): void {
    const res = this.#res;
    const removeMissing = this.#started;
    this.#raw(() => {
      writeHeaders(res, headers, removeMissing);
      if (endStream) this.#end.call(res);
      else this.#writeHead.call(res, headers.status);
    });
  }

  write(data: Buffer, end: boolean): void {
    const res = this.#res;
    if (end) {
      this.#raw(() => this.#end.call(res, data));
      return;
    }
    this.#lastWriteOk = this.#raw(() => this.#write.call(res, data)) !== false;
    if (this.#needDrain && this.#lastWriteOk && !this.#manager?.responseBlocked) {
      this.#needDrain = false;
      process.nextTick(() => res.emit('drain'));
    }
  }

  end(trailers: HeaderMap | undefined): void {
    const res = this.#res;
    this.#raw(() => {
      if (trailers !== undefined)
        this.#addTrailers.call(res, trailers.record as OutgoingHttpHeaders);
      this.#end.call(res);
    });
  }
}

const SEALED = [
  'setHeader',
  'removeHeader',
  'appendHeader',
  'writeHead',
  'write',
  'end',
  'addTrailers',
];

/**
 * Puts the chain's response headers on `res`. For the application's response, headers the
 * filters deleted are removed; a local reply keeps what earlier middleware set (CORS, ...).
 */
export function writeHeaders(
  res: ServerResponse,
  headers: ResponseHeaderMap,
  removeMissing: boolean,
): void {
  if (removeMissing) {
    for (const name of res.getHeaderNames()) if (!headers.has(name)) res.removeHeader(name);
  }
  for (const name of headers.keys()) res.setHeader(name, headers.record[name] as string | string[]);
  res.statusCode = headers.status;
}
