import { PassThrough } from 'node:stream';
import streamfilter from '@streamfilter/fastify';
import fastify5 from 'fastify';
import fastify4 from 'fastify4';
import { APP, type Echo, type Host } from '../host';
import { listening, nextMacrotask, pathOf } from './listen';

type Fastify = typeof fastify5;

/**
 * Fastify with the plugin registered on the root scope, Fastify's own JSON and text parsers,
 * and replies through its serializer.
 */
function fastifyHost(name: string, fastify: Fastify): Host {
  return {
    name,
    capabilities: {
      reroute: false,
      distinctHeaderLines: true,
      remoteAddress: true,
      trailers: true,
    },
    async start({ filters, options }) {
      const handled: string[] = [];
      const app = fastify({ forceCloseConnections: true });
      await app.register(streamfilter, { filters, ...options });
      app.addHook('preHandler', (request, _reply, done) => {
        handled.push(`${request.method} ${pathOf(request.url)}`);
        done();
      });
      app.get('/text', (_request, reply) => {
        reply.type('text/plain').send(APP.text);
      });
      app.get('/json', async () => APP.json);
      app.get('/stream', (_request, reply) => {
        const body = new PassThrough();
        reply.type('text/plain').send(body);
        void (async () => {
          const [first, ...rest] = APP.stream;
          body.write(first);
          for (const chunk of rest) {
            await nextMacrotask();
            body.write(chunk);
          }
          body.end();
        })();
      });
      app.get<{ Params: { which: string } }>('/routed/:which', (request, reply) => {
        reply.type('text/plain').send(request.params.which);
      });
      app.route({
        method: ['GET', 'POST'],
        url: '/echo',
        handler: async (request) => {
          const echo: Echo = {
            method: request.method,
            path: pathOf(request.url),
            headers: request.headers,
            body: request.body ?? null,
          };
          return echo;
        },
      });
      await app.listen({ port: 0, host: '127.0.0.1' });
      const running = await listening(app.server, handled);
      return { ...running, close: () => app.close() };
    },
  };
}

export const fastify5Host = fastifyHost('Fastify 5', fastify5);
export const fastify4Host = fastifyHost('Fastify 4', fastify4 as unknown as Fastify);
