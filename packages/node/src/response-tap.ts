import type { OutgoingHttpHeaders, ServerResponse } from 'node:http';
import {
  type FilterManager,
  HeaderMap,
  type HeaderRecord,
  ResponseHeaderMap,
} from '@streamfilter/core';
import { headersSentError, isWritingThrough, lockHeaders, throughLocks } from './headers-lock';
import { lowerCased, writeHeaders } from './outgoing-headers';
import { checkStatusLine } from './status-line';

type Callback = (error?: Error | null) => void;
type Method = (this: unknown, ...args: unknown[]) => unknown;
const EMPTY = Buffer.alloc(0);

function toBuffer(chunk: unknown, encoding: unknown): Buffer {
  if (typeof chunk === 'string') return Buffer.from(chunk, (encoding as BufferEncoding) || 'utf8');
  return Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk as Uint8Array);
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
  /** The application committed its status and headers (`writeHead`, or a first write). */
  #started = false;
  /** The tap itself calls `res.writeHead` for an implicit header (the caller locks, if need be). */
  #implicit = false;
  /** For that implicit header: whether no body follows. */
  #implicitEnd = false;
  /** The headers went out to Node. */
  #headersOut = false;
  /** Undoes the header lock, while committed headers wait in the chain. */
  #unlock: (() => void) | undefined;
  #ended = false;
  /** Node threw while the tap wrote through: the stream was reset. */
  #failed = false;
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

  /** Whether headers went out to Node (the application's or a local reply's). */
  get headersOut(): boolean {
    return this.#headersOut;
  }

  /** Whether the application began its response (as opposed to a local reply). */
  get started(): boolean {
    return this.#started;
  }

  install(manager: FilterManager): void {
    this.#manager = manager;
    const tapped = this.#res as Partial<TappedResponse>;
    if (tapped[TAP] === undefined) {
      tapped[TAP] = this;
      const res = tapped as Record<string, unknown>;
      res.writeHead = streamfilterWriteHead;
      res.write = streamfilterWrite;
      res.end = streamfilterEnd;
      res.addTrailers = streamfilterAddTrailers;
      res.flushHeaders = streamfilterFlushHeaders;
    } else {
      // Another chain taps this response already: this tap's methods wrap that chain's, and
      // must name their own tap, since `res` holds one.
      Object.assign(tapped, this.#ownMethods());
    }
  }

  #ownMethods(): Record<string, Method> {
    const tap = this;
    return {
      writeHead(...args) {
        return tap.onWriteHead(this as ServerResponse, args);
      },
      write(chunk, encoding, cb) {
        return tap.onWrite(this as ServerResponse, chunk, encoding, cb);
      },
      end(chunk, encoding, cb) {
        return tap.onEnd(this as ServerResponse, chunk, encoding, cb);
      },
      addTrailers(headers) {
        return tap.onAddTrailers(this as ServerResponse, headers as OutgoingHttpHeaders);
      },
      flushHeaders() {
        return tap.onFlushHeaders(this as ServerResponse);
      },
    };
  }

  /**
   * `res.writeHead()`: as in Node, the status and headers are committed (to the encode hooks)
   * and the response then reports `headersSent`, even while a filter holds them.
   */
  onWriteHead(res: ServerResponse, args: unknown[]): unknown {
    if (this.#writing) return this.#writeHead.apply(res, args);
    if (this.#started) {
      // Middleware between two chains that ends with an implicit header (express-session's
      // `_implicitHeader`) calls again while the inner chain writes through: no change there.
      if (isWritingThrough()) return res;
      throw headersSentError('write');
    }
    this.#applyWriteHead(args);
    this.#commit(this.#implicitEnd);
    if (!this.#implicit) this.#lockWhilePending();
    return res;
  }

  onWrite(res: ServerResponse, chunk: unknown, encoding: unknown, cb: unknown): boolean {
    if (this.#writing) return this.#write.call(res, chunk, encoding, cb) as boolean;
    const manager = this.#manager!;
    const callback = (typeof encoding === 'function' ? encoding : cb) as Callback | undefined;
    this.#startResponse(false);
    manager.encodeData(toBuffer(chunk, encoding), false);
    this.#lockWhilePending();
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
    const data = chunk == null || typeof chunk === 'function' ? EMPTY : toBuffer(chunk, encoding);
    this.#finishResponse(data);
    // The application is done: should it throw now, its error handler finds the headers not
    // sent and its answer is dropped, where a socket destroyed for "headers sent" would lose
    // the response still in the chain (in Node, it was already on the wire).
    this.#unlock?.();
    this.#unlock = undefined;
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
    this.#lockWhilePending();
    return undefined;
  }

  #applyWriteHead(args: unknown[]): void {
    const res = this.#res;
    const reason = args[1];
    const named = typeof reason === 'string';
    res.statusCode = checkStatusLine(args[0], named ? reason : res.statusMessage);
    if (named) res.statusMessage = reason;
    const given = (named ? args[2] : reason) as OutgoingHttpHeaders | string[] | undefined;
    if (given) {
      for (const [name, value] of Object.entries(lowerCased(given))) {
        if (value !== undefined) res.setHeader(name, value);
      }
    }
  }

  /** The application's first write or end commits the headers, as Node's implicit header. */
  #startResponse(endStream: boolean): void {
    if (this.#started) return;
    const res = this.#res;
    this.#implicit = true;
    this.#implicitEnd = endStream;
    try {
      // Through `res.writeHead`, so listeners that wrap it (on-headers: cookie-session,
      // express-session) run, and the filters see what they set. Nothing wraps it: no detour.
      if (res.writeHead === streamfilterWriteHead) this.onWriteHead(res, [res.statusCode]);
      else res.writeHead(res.statusCode);
    } finally {
      this.#implicit = false;
      this.#implicitEnd = false;
    }
    if (!this.#started) this.#commit(endStream);
  }

  #commit(endStream: boolean): void {
    this.#started = true;
    const res = this.#res;
    const headers = new ResponseHeaderMap(res.statusCode, lowerCased(res.getHeaders()));
    this.#manager?.encodeHeaders(headers, endStream);
  }

  /** Back in the application with committed headers still in the chain: look sent anyway. */
  #lockWhilePending(): void {
    if (this.#started && !this.#ended && !this.#headersOut && this.#unlock === undefined) {
      this.#unlock = lockHeaders(this.#res);
    }
  }

  #finishResponse(data: Buffer): void {
    const manager = this.#manager!;
    const trailers = this.#trailers;
    const wasStarted = this.#started;
    if (!wasStarted) this.#startResponse(data.length === 0 && trailers === undefined);
    this.#ended = true;
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
  #raw<T>(fn: () => T): T | undefined {
    if (this.#failed) return undefined;
    this.#writing = true;
    try {
      return throughLocks(fn);
    } catch (error) {
      this.#fail(error);
      return undefined;
    } finally {
      this.#writing = false;
    }
  }

  /**
   * Node refused what the filters passed on (its checks the tap cannot make when the
   * application commits). The application's call may be long gone (an async hook): nothing
   * may throw into the event loop, and the request may not hang. The stream is reset.
   */
  #fail(error: unknown): void {
    this.#failed = true;
    const failure = error as { code?: unknown; name?: unknown } | null;
    const what = String(failure?.code ?? failure?.name ?? 'error');
    this.#manager?.chain.logger(
      'error',
      `Node refused the response (${what}); resetting the stream`,
      {
        error,
      },
    );
    this.#res.destroy();
  }

  sendHeaders(headers: ResponseHeaderMap, endStream: boolean): void {
    const res = this.#res;
    const removeMissing = this.#started;
    this.#headersOut = true;
    this.#unlock?.();
    this.#unlock = undefined;
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
