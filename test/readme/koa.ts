import { bodyParser } from '@koa/bodyparser';
import Router from '@koa/router';
import type { ChainableFilter } from '@streamfilter/core';
import { basicAuth } from '@streamfilter/filters';
import { filterChain } from '@streamfilter/koa';
import Koa from 'koa';

/** The README's first example: the whole app behind basicAuth. */
export function helloApp(): Koa {
  const app = new Koa();
  const router = new Router();
  app.use(filterChain([basicAuth({ users: { alice: 'wonderland' }, identityHeader: 'x-user' })]));
  app.use(bodyParser());
  router.get('/', (ctx) => {
    ctx.body = `hello ${ctx.get('x-user')}\n`;
  });
  router.post('/echo', (ctx) => {
    ctx.body = ctx.request.body;
  });
  app.use(router.routes());
  return app;
}

/** The README's rewrite example: `/v1/...` served by the `/v2/...` routes. */
export function versionedApp(): Koa {
  const v1ToV2: ChainableFilter = {
    name: 'v1ToV2',
    create: () => ({
      decodeHeaders(headers) {
        if (headers.path.startsWith('/v1/')) headers.setPath(`/v2/${headers.path.slice(4)}`);
      },
    }),
  };

  const app = new Koa();
  const router = new Router();
  app.use(filterChain([v1ToV2]));
  router.get('/v2/items/:id', (ctx) => {
    ctx.body = { id: ctx.params.id, asked: ctx.originalUrl };
  });
  app.use(router.routes());
  return app;
}
