import type { OutgoingHttpHeaders } from 'node:http';
import {
  type FilterManager,
  type HeaderMap,
  type RequestHeaderMap,
  ResponseHeaderMap,
  type StreamInfoInit,
  type StreamSink,
} from '@streamfilter/core';
import { RequestBodyTap } from './request-body-tap';
import { applyRequestLine, fullPath, requestHeadersOf } from './request-line';
import { lowerCased, ResponseTap, writeHeaders } from './response-tap';
import type { ExpressRequest, ExpressResponse, NextFunction } from './types';

/**
 * One request under a filter chain: the core's sink, written in terms of `req`, `res`, `next`,
 * and what the stream's `StreamInfo` is built from, when a filter asks for it.
 */
export class ExpressStream implements StreamSink, StreamInfoInit {
  readonly #req: ExpressRequest;
  readonly #res: ExpressResponse;
  readonly #next: NextFunction;
  readonly method: string;
  readonly path: string;
  readonly route: string | undefined;
  /** The peer's address; `null` until read (Node asks the socket for it, a system call). */
  #remoteAddress: string | undefined | null = null;
  #body: RequestBodyTap | undefined;
  #response: ResponseTap | undefined;
  #forwarded = false;

  constructor(req: ExpressRequest, res: ExpressResponse, next: NextFunction) {
    this.#req = req;
    this.#res = res;
    this.#next = next;
    this.method = req.method ?? 'GET';
    this.path = fullPath(req);
    const route = req.route?.path;
    this.route = typeof route === 'string' ? route : undefined;
  }

  get remoteAddress(): string | undefined {
    if (this.#remoteAddress === null) this.#remoteAddress = this.#req.socket?.remoteAddress;
    return this.#remoteAddress;
  }

  get protocol(): string {
    return `HTTP/${this.#req.httpVersion}`;
  }

  /** Taps what the chain needs, and sends the request headers in. */
  start(manager: FilterManager): void {
    const req = this.#req;
    const res = this.#res;
    const body = manager.wantsRequestBody ? RequestBodyTap.open(req) : undefined;
    this.#body = body;
    if (manager.wantsResponse) {
      this.#response = new ResponseTap(res);
      this.#response.install(manager);
    }
    manager.decodeHeaders(requestHeadersOf(req, this.method, this.path), body === undefined);
    body?.start(manager);
    if (manager.settled) return;
    // The stream outlives this call: read the peer now, while the socket can still tell it.
    this.#remoteAddress ??= req.socket?.remoteAddress;
    if (req.socket?.destroyed) {
      manager.destroy();
      return;
    }
    // 'close' comes once per response: `on` spares the wrapper `once` would allocate.
    res.on('close', () => {
      this.#body?.stop();
      if (res.writableFinished)
        manager.complete(new ResponseHeaderMap(res.statusCode, lowerCased(res.getHeaders())));
      else manager.destroy();
    });
  }

  forwardRequestHeaders(headers: RequestHeaderMap): void {
    if (this.#forwarded) return;
    this.#forwarded = true;
    try {
      applyRequestLine(this.#req, headers, this.path);
    } catch (error) {
      this.#next(error);
      return;
    }
    this.#next();
  }

  forwardRequestData(data: Buffer, endStream: boolean): void {
    this.#body?.forward(data, endStream);
  }

  forwardRequestTrailers(_trailers: HeaderMap): void {
    this.#body?.forward(Buffer.alloc(0), true);
  }

  sendResponseHeaders(headers: ResponseHeaderMap, endStream: boolean): void {
    const local = this.#response?.started !== true;
    if (local) this.#body?.stop();
    if (local && this.#forwarded) {
      this.#response ??= new ResponseTap(this.#res);
      this.#response.seal();
    }
    if (this.#response) {
      this.#response.sendHeaders(headers, endStream);
      return;
    }
    const res = this.#res;
    writeHeaders(res, headers, false);
    if (endStream) res.end();
    else res.writeHead(headers.status);
  }

  sendResponseData(data: Buffer, endStream: boolean): void {
    if (this.#response) this.#response.write(data, endStream);
    else if (endStream) this.#res.end(data);
    else this.#res.write(data);
  }

  sendResponseTrailers(trailers: HeaderMap): void {
    if (this.#response) {
      this.#response.end(trailers);
      return;
    }
    this.#res.addTrailers(trailers.record as OutgoingHttpHeaders);
    this.#res.end();
  }

  responseState(): 'pending' | 'started' | 'finished' {
    const res = this.#res;
    return res.writableEnded ? 'finished' : res.headersSent ? 'started' : 'pending';
  }

  reset(): void {
    this.#res.destroy();
  }

  setRequestFlow(paused: boolean): void {
    this.#body?.setPaused(paused);
  }
}
