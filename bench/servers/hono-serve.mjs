// The app every Hono server under test shares: the middleware being measured, then one route,
// on @hono/node-server, listening on an ephemeral loopback port.
import { serve as serveNode } from '@hono/node-server';
import { Hono } from 'hono';
import { announce } from './control.mjs';

export function serve(...middleware) {
  const app = new Hono();
  for (const handler of middleware) app.use(handler);
  app.get('/', (c) => c.text('hello world'));
  const server = serveNode({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' });
  announce(server);
  return server;
}
