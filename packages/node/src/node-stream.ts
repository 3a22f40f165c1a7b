import type { IncomingMessage, OutgoingHttpHeaders, ServerResponse } from 'node:http';
import {
  authenticatedUser,
  type FilterManager,
  type HeaderMap,
  type RequestHeaderMap,
  ResponseHeaderMap,
  type StreamInfoInit,
  type StreamSink,
} from '@streamfilter/core';
import { syncHeaderViews } from './header-views';
import type { Host } from './host';
import { lowerCased, writeHeaders } from './outgoing-headers';
import { RequestBodyTap } from './request-body-tap';
import { applyRequestLine, requestHeadersOf } from './request-line';
import { originForm } from './request-target';
import { ResponseTap } from './response-tap';

/**
 * One request under a filter chain: the core's sink, written in terms of `req`, `res` and the
 * framework's {@link Host}, and what the stream's `StreamInfo` is built from, when a filter asks
 * for it.
 */
export class NodeStream implements StreamSink, StreamInfoInit {
  readonly #req: IncomingMessage;
  readonly #res: ServerResponse;
  readonly #host: Host;
  readonly method: string;
  readonly path: string;
  /** The peer's address; `null` until read (Node asks the socket for it, a system call). */
  #remoteAddress: string | undefined | null = null;
  #body: RequestBodyTap | undefined;
  #response: ResponseTap | undefined;
  #manager: FilterManager | undefined;
  #forwarded = false;
  #replied = false;

  constructor(req: IncomingMessage, res: ServerResponse, host: Host) {
    this.#req = req;
    this.#res = res;
    this.#host = host;
    this.method = req.method ?? 'GET';
    this.path = host.path ?? originForm(req.url ?? '/');
  }

  /** Read when a filter asks for `streamInfo`: a framework may compute it on each read. */
  get route(): string | undefined {
    return this.#host.route;
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
    this.#manager = manager;
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
    const host = this.#host;
    syncHeaderViews(this.#req, headers);
    try {
      applyRequestLine(this.#req, host, this.method, this.path, headers);
    } catch (error) {
      if (host.fail) host.fail(error);
      else this.#fail(error);
      return;
    }
    // A filter that recorded a user had the stream's info created: none, no user.
    const info = host.authenticated && this.#manager?.streamInfoIfCreated;
    if (info) {
      const auth = authenticatedUser(info);
      if (auth !== undefined) host.authenticated!(auth);
    }
    host.proceed(this.#req, this.#res);
  }

  /** Where the request could not be handed on, and the host has no `fail`: a fixed 500. */
  #fail(error: unknown): void {
    this.#manager?.chain.logger('error', 'the request could not be handed on', { error });
    const res = this.#res;
    if (res.headersSent) {
      res.destroy();
      return;
    }
    res.statusCode = 500;
    res.setHeader('content-type', 'text/plain; charset=utf-8');
    res.end('Internal Server Error');
  }

  passError(error: unknown): boolean {
    const host = this.#host;
    if (this.#forwarded || host.failOnFilterError !== true || host.fail === undefined) return false;
    this.#forwarded = true;
    this.#body?.stop();
    host.fail(error);
    return true;
  }

  localReply(details: string): void {
    if (this.#replied) return;
    this.#replied = true;
    if (this.#response?.started !== true) {
      this.#body?.stop();
      if (this.#forwarded) {
        this.#response ??= new ResponseTap(this.#res);
        this.#response.seal();
      }
    }
    this.#host.localReply?.(details);
  }

  forwardRequestData(data: Buffer, endStream: boolean): void {
    this.#body?.forward(data, endStream);
  }

  forwardRequestTrailers(_trailers: HeaderMap): void {
    this.#body?.forward(Buffer.alloc(0), true);
  }

  sendResponseHeaders(headers: ResponseHeaderMap, endStream: boolean): void {
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
    if (res.writableEnded) return 'finished';
    // A tapped response reports headersSent once the application committed its headers, even
    // while they wait in the chain; what counts here is whether they went out.
    const sent = this.#response ? this.#response.headersOut : res.headersSent;
    return sent ? 'started' : 'pending';
  }

  reset(): void {
    this.#res.destroy();
  }

  setRequestFlow(paused: boolean): void {
    this.#body?.setPaused(paused);
  }
}
