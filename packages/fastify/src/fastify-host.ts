import { type RequestAuth, StreamFilterError } from '@streamfilter/core';
import type { Host } from '@streamfilter/node';
import type { FastifyReply, FastifyRequest, HookHandlerDoneFunction } from 'fastify';

/**
 * Fastify as the node:http layer's host, for one request in an `onRequest` hook: `done()` goes
 * on; a local reply hijacks the reply so Fastify runs no later hook, handler or serializer; a
 * rewrite is refused, because Fastify matched the route before any hook ran.
 */
export class FastifyHost implements Host {
  readonly #request: FastifyRequest;
  readonly #reply: FastifyReply;
  readonly #done: HookHandlerDoneFunction;
  #proceeded = false;

  constructor(request: FastifyRequest, reply: FastifyReply, done: HookHandlerDoneFunction) {
    this.#request = request;
    this.#reply = reply;
    this.#done = done;
  }

  get route(): string | undefined {
    return this.#request.routeOptions?.url;
  }

  authenticated(auth: RequestAuth): void {
    (this.#request as { auth?: RequestAuth }).auth = auth;
  }

  proceed(): void {
    this.#proceeded = true;
    this.#done();
  }

  rewrite(): void {
    // The new target stays out of the message: Fastify's default error handler shows it.
    const route = this.route ?? this.#request.url;
    throw new StreamFilterError(
      'ERR_INVALID_HEADER',
      `a filter changed the method or path of a request Fastify had already routed to ${route}: Fastify routes before its hooks run, so the request cannot move to another route; rewrite URLs before routing with Fastify's rewriteUrl option`,
    );
  }

  localReply(): void {
    const reply = this.#reply;
    if (this.#proceeded) {
      reply.hijack();
      return;
    }
    // Headers earlier hooks set (CORS, ...) live on the reply until Fastify sends: keep them.
    const res = reply.raw;
    for (const [name, value] of Object.entries(reply.getHeaders())) {
      if (value !== undefined && !res.hasHeader(name)) res.setHeader(name, value);
    }
    reply.hijack();
    // Fastify sees the reply as sent and runs nothing more for this request.
    this.#done();
  }

  fail(error: unknown): void {
    this.#done(error as Error);
  }
}
