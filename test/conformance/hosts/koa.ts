import { PassThrough } from 'node:stream';
import { bodyParser } from '@koa/bodyparser';
import Router from '@koa/router';
import { filterChain } from '@streamfilter/koa';
import Koa3 from 'koa';
import Koa2 from 'koa2';
import { APP, type Echo, type Host } from '../host';
import { listen, nextMacrotask } from './listen';

type Koa = typeof Koa3;

/** Koa with the chain first, then `@koa/bodyparser` (JSON and text) and `@koa/router`. */
function koaHost(name: string, Koa: Koa): Host {
  return {
    name,
    capabilities: { reroute: true, distinctHeaderLines: true, remoteAddress: true, trailers: true },
    async start({ filters, options }) {
      const handled: string[] = [];
      const app = new Koa();
      const router = new Router();
      app.use(filterChain(filters, options));
      app.use(bodyParser({ enableTypes: ['json', 'text'] }));
      app.use((ctx, next) => {
        handled.push(`${ctx.method} ${ctx.path}`);
        return next();
      });
      router.get('/text', (ctx) => {
        ctx.type = 'text/plain';
        ctx.body = APP.text;
      });
      router.get('/json', (ctx) => {
        ctx.body = APP.json;
      });
      router.get('/stream', (ctx) => {
        const body = new PassThrough();
        ctx.type = 'text/plain';
        ctx.body = body;
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
      router.get('/routed/:which', (ctx) => {
        ctx.type = 'text/plain';
        ctx.body = ctx.params.which;
      });
      router.all('/echo', (ctx) => {
        const echo: Echo = {
          method: ctx.method,
          path: ctx.path,
          headers: ctx.headers,
          body: ctx.get('content-type') === '' ? null : (ctx.request.body ?? null),
        };
        ctx.body = echo;
      });
      app.use(router.routes());
      return listen(app.callback(), handled);
    },
  };
}

export const koa3Host = koaHost('Koa 3', Koa3);
export const koa2Host = koaHost('Koa 2', Koa2 as unknown as Koa);
