import type { IncomingMessage, ServerResponse } from 'node:http';
import {
  type FilterManager,
  type HeaderRecord,
  type RequestHeaderMap,
  ResponseHeaderMap,
  type StreamInfoInit,
  type StreamSink,
} from '@streamfilter/core';
import { lowerCased } from '../outgoing-headers';
import { changedHeaders } from './changed-headers';
import type { ForwardAuthProxy } from './options';
import type { OriginalRequest } from './original-request';
import { replyStatus } from './reply-status';

/**
 * One auth request under the chain. There is no app behind it: request headers that pass every
 * filter become a 200 that lists what the filters changed; a local reply (through the encode
 * hooks) becomes the answer, with a status the proxy treats as a denial.
 */
export class AuthStream implements StreamSink, StreamInfoInit {
  readonly #req: IncomingMessage;
  readonly #res: ServerResponse;
  readonly #proxy: ForwardAuthProxy | undefined;
  /** The request headers before any filter ran. */
  readonly #before: HeaderRecord;
  readonly method: string;
  readonly path: string;
  /** The peer's address; `null` until read (Node asks the socket for it, a system call). */
  #remoteAddress: string | undefined | null;

  constructor(
    req: IncomingMessage,
    res: ServerResponse,
    original: OriginalRequest,
    proxy: ForwardAuthProxy | undefined,
  ) {
    this.#req = req;
    this.#res = res;
    this.#proxy = proxy;
    this.#before = { ...original.headers.record };
    this.method = original.headers.method;
    this.path = original.headers.path;
    this.#remoteAddress = original.forwardedFor ?? null;
  }

  get remoteAddress(): string | undefined {
    if (this.#remoteAddress === null) this.#remoteAddress = this.#req.socket?.remoteAddress;
    return this.#remoteAddress;
  }

  get protocol(): string {
    return `HTTP/${this.#req.httpVersion}`;
  }

  /** Runs the chain on the request headers; a forward-auth request has no body for it. */
  start(manager: FilterManager, headers: RequestHeaderMap): void {
    const res = this.#res;
    manager.decodeHeaders(headers, true);
    if (manager.settled) return;
    // The stream outlives this call: read the peer now, while the socket can still tell it.
    this.#remoteAddress ??= this.#req.socket?.remoteAddress;
    // 'close' comes once per response: `on` spares the wrapper `once` would allocate.
    res.on('close', () => {
      if (res.writableFinished) {
        manager.complete(new ResponseHeaderMap(res.statusCode, lowerCased(res.getHeaders())));
      } else manager.destroy();
    });
  }

  forwardRequestHeaders(headers: RequestHeaderMap): void {
    const res = this.#res;
    const changed = changedHeaders(this.#before, headers.record);
    for (const name of Object.keys(changed)) res.setHeader(name, changed[name]!);
    res.setHeader('content-length', '0');
    res.writeHead(200);
    res.end();
  }

  forwardRequestData(): void {}

  forwardRequestTrailers(): void {}

  sendResponseHeaders(headers: ResponseHeaderMap, endStream: boolean): void {
    const res = this.#res;
    const record = headers.record;
    for (const name of Object.keys(record)) {
      const value = record[name];
      if (value !== undefined) res.setHeader(name, value);
    }
    res.writeHead(replyStatus(headers.status, this.#proxy));
    if (endStream) res.end();
  }

  sendResponseData(data: Uint8Array, endStream: boolean): void {
    if (endStream) this.#res.end(data);
    else this.#res.write(data);
  }

  sendResponseTrailers(): void {
    this.#res.end();
  }

  responseState(): 'pending' | 'started' | 'finished' {
    const res = this.#res;
    return res.writableEnded ? 'finished' : res.headersSent ? 'started' : 'pending';
  }

  reset(): void {
    this.#res.destroy();
  }
}
