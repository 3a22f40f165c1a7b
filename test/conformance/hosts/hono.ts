import { filterChain } from '@streamfilter/hono';
import { Hono } from 'hono';
import { stream } from 'hono/streaming';
import { APP, type Echo, type Host } from '../host';
import { nextMacrotask } from './listen';
import { serveFetch } from './serve-fetch';

/**
 * Hono with the chain first, on `@hono/node-server`; its own router and `c.req` body parsing.
 * Hono routes before any middleware runs, so a rewritten path does not pick another route.
 */
export const honoHost: Host = {
  name: 'Hono',
  capabilities: {
    reroute: false,
    distinctHeaderLines: false,
    remoteAddress: false,
    trailers: false,
  },
  async start({ filters, options }) {
    const handled: string[] = [];
    const app = new Hono();
    app.use(filterChain(filters, options));
    app.use(async (c, next) => {
      handled.push(`${c.req.method} ${c.req.path}`);
      await next();
    });
    app.get('/text', (c) => c.text(APP.text));
    app.get('/json', (c) => c.json(APP.json));
    app.get('/stream', (c) => {
      c.header('content-type', 'text/plain; charset=utf-8');
      return stream(c, async (body) => {
        const [first, ...rest] = APP.stream;
        await body.write(first);
        for (const chunk of rest) {
          await nextMacrotask();
          await body.write(chunk);
        }
      });
    });
    app.get('/routed/:which{[ab]}', (c) => c.text(c.req.param('which')));
    app.on(['GET', 'POST'], '/echo', async (c) => {
      const type = c.req.header('content-type');
      const echo: Echo = {
        method: c.req.method,
        path: c.req.path,
        headers: c.req.header(),
        body:
          type === undefined
            ? null
            : type.startsWith('application/json')
              ? await c.req.json()
              : await c.req.text(),
      };
      return c.json(echo);
    });
    return serveFetch(app.fetch, handled);
  },
};
