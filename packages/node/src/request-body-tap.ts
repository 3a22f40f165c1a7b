import type { IncomingMessage } from 'node:http';
import { type FilterManager, HeaderMap } from '@streamfilter/core';

type Push = (chunk: unknown, encoding?: BufferEncoding) => boolean;
const EMPTY = Buffer.alloc(0);

function toBuffer(chunk: unknown, encoding?: BufferEncoding): Buffer {
  return typeof chunk === 'string' ? Buffer.from(chunk, encoding) : (chunk as Buffer);
}

const TAP = Symbol('streamfilter request body tap');

/** What a tapped `req` gets as `push`: shared by every request, it finds its tap through `req`. */
function streamfilterPush(
  this: IncomingMessage,
  chunk: unknown,
  encoding?: BufferEncoding,
): boolean {
  return (this as IncomingMessage & { [TAP]: RequestBodyTap })[TAP].take(chunk, encoding);
}

function declaresBody(req: IncomingMessage): boolean {
  const length = req.headers['content-length'];
  return req.headers['transfer-encoding'] !== undefined || (length !== undefined && length !== '0');
}

/**
 * Routes the request body through the filter chain. Node's HTTP parser hands each body chunk to
 * `req.push()`; the tap takes those chunks to the chain, and pushes what the filters pass on
 * into `req`, so body parsers after the chain read the filtered body, byte for byte.
 */
export class RequestBodyTap {
  readonly #req: IncomingMessage;
  /** Where filtered chunks go: `req`'s own `push`, or the tap of a chain mounted after this one. */
  #push: Push;
  #inner: RequestBodyTap | undefined;
  readonly #expected: number;
  #manager: FilterManager | undefined;
  /** Body that arrived before the chain started, replayed through it first. */
  #pending: Buffer[] | undefined;
  #pendingEnd = false;
  #received = 0;
  /** The chain was told the body ended. */
  #ended = false;
  /** Node's parser pushed the end of the body. */
  #parserEnded = false;
  /** The chain passed the end of the body on. */
  #chainEnded = false;
  /** The end was pushed into `req`. */
  #endPushed = false;
  /** The chain stopped reading the body (a local reply, or the stream is over). */
  #stopped = false;
  #paused = false;
  #lastPushOk = true;

  /**
   * Taps `req` when it still has a body to read; `undefined` when there is none, or when a body
   * parser before the chain already consumed it (filters then see headers with endStream).
   */
  static open(req: IncomingMessage): RequestBodyTap | undefined {
    const state = (req as unknown as { _readableState: { length: number; ended: boolean } })
      ._readableState;
    if (!declaresBody(req) || req.readableEnded || (req as { _dumped?: boolean })._dumped) {
      return undefined;
    }
    return new RequestBodyTap(req, state);
  }

  private constructor(req: IncomingMessage, state: { length: number; ended: boolean }) {
    this.#req = req;
    this.#push = req.push;
    const length = Number(req.headers['content-length']);
    this.#expected = req.headers['transfer-encoding'] === undefined && length >= 0 ? length : -1;
    if (state.length > 0 || state.ended) {
      // Middleware before the chain was async and the body already arrived: take it back out
      // (reopening the stream if its end was recorded) and replay it through the chain.
      this.#pendingEnd = state.ended;
      if (state.ended) state.ended = false;
      const pending: Buffer[] = [];
      for (let chunk = req.read(); chunk !== null; chunk = req.read()) {
        pending.push(toBuffer(chunk));
      }
      this.#pending = pending;
    }
  }

  /** Starts feeding `manager`: chunks already here first, then each one Node parses. */
  start(manager: FilterManager): void {
    this.#manager = manager;
    const req = this.#req as IncomingMessage & { [TAP]?: RequestBodyTap };
    let outer = req[TAP];
    if (outer === undefined) {
      req[TAP] = this;
      req.push = streamfilterPush;
    } else {
      // A chain already taps this body: this one reads what the innermost of them passes on.
      while (outer.#inner !== undefined) outer = outer.#inner;
      this.#push = outer.#push;
      outer.#inner = this;
    }
    const pending = this.#pending;
    this.#pending = undefined;
    if (pending !== undefined) for (const chunk of pending) this.#feed(manager, chunk);
    if (this.#pendingEnd) this.#feed(manager, null);
  }

  /** What `req.push()` does under the tap: the chunk goes to the chain, not to readers. */
  take(chunk: unknown, encoding?: BufferEncoding): boolean {
    if (this.#stopped) {
      // Nobody reads the rest of the body: drop it, but let `req` end.
      if (chunk === null) this.#pushEnd();
      return true;
    }
    this.#feed(this.#manager!, chunk === null ? null : toBuffer(chunk, encoding));
    return this.#lastPushOk && !this.#paused;
  }

  #feed(manager: FilterManager, data: Buffer | null): void {
    if (data === null) {
      this.#parserEnded = true;
      if (this.#chainEnded) this.#pushEnd();
    }
    if (this.#ended) return;
    if (data === null) {
      this.#ended = true;
      const req = this.#req;
      if (req.rawTrailers.length > 0) manager.decodeTrailers(new HeaderMap(req.trailers));
      else manager.decodeData(EMPTY, true);
      return;
    }
    this.#received += data.length;
    const end = this.#expected >= 0 && this.#received >= this.#expected;
    if (end) this.#ended = true;
    manager.decodeData(data, end);
  }

  /**
   * Hands filtered body bytes to whoever reads `req` after the chain. The end waits for Node's
   * parser: `req` ended before Node marked it complete counts as aborted, and Node then
   * destroys the socket (a Content-Length body reaches its length before the parser is done).
   */
  forward(data: Buffer, end: boolean): void {
    if (data.length > 0) this.#lastPushOk = this.#pass(data);
    if (!end) return;
    this.#chainEnded = true;
    if (this.#parserEnded) this.#pushEnd();
  }

  /**
   * The chain reads no more of the body (it answered locally, or the stream is over): later
   * chunks are dropped, and `req` still ends once Node has read the whole body, so its 'end'
   * listeners run and the connection can serve its next request.
   */
  stop(): void {
    this.#stopped = true;
    if (this.#paused) this.setPaused(false);
    if (this.#parserEnded) this.#pushEnd();
  }

  #pushEnd(): void {
    if (this.#endPushed) return;
    this.#endPushed = true;
    this.#pass(null);
  }

  #pass(chunk: Buffer | null): boolean {
    const inner = this.#inner;
    return inner === undefined ? this.#push.call(this.#req, chunk) : inner.take(chunk);
  }

  /** Back-pressure from the chain: stop or resume reading the socket. */
  setPaused(paused: boolean): void {
    this.#paused = paused;
    if (!paused) this.#req.socket?.resume();
  }
}
