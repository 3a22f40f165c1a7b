import { serve } from '@hono/node-server';
import { withFilters } from '@streamfilter/fetch';
import { remoteBasicAuth } from '@streamfilter/filters';
import { filterChain } from '@streamfilter/hono';
import { Hono } from 'hono';

/** The root README's side-by-side: one filter object, on Hono and on a bare fetch handler. */
export function sideBySide(checkUrl: string) {
  const auth = remoteBasicAuth({ url: checkUrl, identityHeader: 'x-authenticated-user' });

  // Hono: a middleware on the paths it guards.
  const app = new Hono();
  app.use('/api/*', filterChain([auth]));
  app.get('/api/hello', (c) => c.text(`hello ${c.req.header('x-authenticated-user')}\n`));

  // A bare fetch handler: Deno.serve, Bun.serve, a worker's fetch, @hono/node-server.
  const handler = withFilters([auth], (request) => {
    return new Response(`hello ${request.headers.get('x-authenticated-user')}\n`);
  });

  return { app, handler };
}

/** packages/fetch/README.md: a fetch handler behind remoteBasicAuth, served on Node. */
export function fetchExample(checkUrl: string, port: number) {
  const handler = withFilters(
    [remoteBasicAuth({ url: checkUrl, identityHeader: 'x-authenticated-user' })],
    async (request) => {
      const user = request.headers.get('x-authenticated-user');
      return Response.json({ user, method: request.method, body: await request.text() });
    },
    { filterTimeoutMs: 5_000 },
  );

  // On Node, through @hono/node-server; elsewhere: Deno.serve(handler), Bun.serve({ fetch: handler }).
  const server = serve({ fetch: handler, port, hostname: '127.0.0.1' });

  return { handler, server };
}

/** packages/hono/README.md: a Hono app with a chain on /api and a per-route variant. */
export function honoExample(checkUrl: string) {
  const auth = filterChain([
    remoteBasicAuth({ url: checkUrl, identityHeader: 'x-authenticated-user' }),
  ]);

  const app = new Hono();
  app.use('/api/*', auth);
  app.get('/api/me', (c) => c.json({ user: c.req.header('x-authenticated-user') }));

  // The same chain on one route, with per-route config merged into the filter's options.
  app.get('/admin', auth.route({ remoteBasicAuth: { realm: 'admin' } }), (c) => c.text('admin'));

  return app;
}
