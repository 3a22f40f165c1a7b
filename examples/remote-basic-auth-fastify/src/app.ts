import { listenOn, type Running } from '@streamfilter/example-support';
import streamfilter from '@streamfilter/fastify';
import { remoteBasicAuth } from '@streamfilter/filters';
import Fastify, { type FastifyInstance } from 'fastify';

export interface AppOptions {
  /** The auth service's check endpoint, e.g. `http://127.0.0.1:10000/check`. */
  checkUrl: string;
  /** Default 8080; 0 picks a free port. */
  port?: number;
}

/**
 * An httpbin-like Fastify app, every route behind `remoteBasicAuth`: `/status/:code`,
 * `/headers` (the request headers the app received) and `/anything`.
 */
export async function createApp(checkUrl: string): Promise<FastifyInstance> {
  const app = Fastify();
  app.setReplySerializer((payload) => JSON.stringify(payload, null, 2));

  await app.register(streamfilter, {
    filters: [remoteBasicAuth({ url: checkUrl, identityHeader: 'x-authenticated-user' })],
  });

  app.get('/', async () => ({ endpoints: ['/status/:code', '/headers', '/anything'] }));
  app.all<{ Params: { code: string } }>('/status/:code', async (request, reply) => {
    const code = Number(request.params.code);
    if (!Number.isInteger(code) || code < 200 || code > 599) {
      return reply.code(400).type('text/plain').send('status code must be from 200 to 599\n');
    }
    return reply.code(code).send();
  });
  app.get('/headers', async (request) => ({ headers: request.headers }));
  // Fastify parses the body after the chain: filters could read and change it first.
  await app.register(async (anything) => {
    anything.removeAllContentTypeParsers();
    anything.addContentTypeParser('*', { parseAs: 'string' }, (_request, body, done) => {
      done(null, body);
    });
    const echo = async (request: {
      method: string;
      url: string;
      headers: unknown;
      body: unknown;
    }) => ({
      method: request.method,
      path: request.url,
      headers: request.headers,
      body: typeof request.body === 'string' ? request.body : '',
    });
    anything.all('/anything', echo);
    anything.all('/anything/*', echo);
  });
  return app;
}

/** Starts the app on 127.0.0.1. */
export async function startApp(options: AppOptions): Promise<Running> {
  const app = await createApp(options.checkUrl);
  await app.ready();
  return listenOn(app.server, options.port ?? 8080, 'app', 'PORT');
}
