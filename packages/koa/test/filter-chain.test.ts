import Router from '@koa/router';
import { defineFilter, Status } from '@streamfilter/core';
import { basicAuth } from '@streamfilter/filters';
import { filterChain } from '@streamfilter/koa';
import { expect } from 'chai';
import request from 'supertest';
import { delay, filter } from '../../../test/support/filters';
import { koaVersions } from './support';

const deny = filter('deny', (callbacks) => ({
  decodeHeaders() {
    setTimeout(() => callbacks.sendLocalReply(401, 'denied'), 1);
    return Status.Running;
  },
}));

const reroute = filter('reroute', () => ({
  decodeHeaders(headers) {
    if (headers.path.startsWith('/old/')) headers.setPath(headers.path.replace('/old/', '/new/'));
    if (headers.method === 'POST' && headers.has('x-http-method-override')) {
      headers.setMethod(headers.get('x-http-method-override')!);
    }
  },
}));

for (const { name, Koa } of koaVersions) {
  describe(`filterChain() on Koa (${name})`, () => {
    it('keeps Koa from answering on top of a local reply, and lets upstream middleware see its status', async () => {
      const errors: unknown[] = [];
      const seen: Array<[number, boolean]> = [];
      let handlerRan = false;
      const app = new Koa();
      app.on('error', (error) => errors.push(error));
      app.use(async (ctx, next) => {
        await next();
        seen.push([ctx.status, ctx.respond === false]);
      });
      app.use(filterChain([deny]));
      app.use((ctx) => {
        handlerRan = true;
        ctx.body = 'never';
      });
      await request(app.callback()).get('/').expect(401, 'denied');
      expect(handlerRan).to.equal(false);
      expect(seen).to.deep.equal([[401, true]]);
      expect(errors).to.deep.equal([]);
    });

    it('routes on the path and method a filter rewrote, with the query kept', async () => {
      const app = new Koa();
      const router = new Router();
      app.use(filterChain([reroute]));
      router.get('/new/:id', (ctx) => {
        ctx.body = { id: ctx.params.id, q: ctx.query.q, originalUrl: ctx.originalUrl };
      });
      router.delete('/items', (ctx) => {
        ctx.body = 'deleted';
      });
      app.use(router.routes());
      await request(app.callback())
        .get('/old/7?q=1')
        .expect(200, { id: '7', q: '1', originalUrl: '/old/7?q=1' });
      await request(app.callback())
        .post('/items')
        .set('x-http-method-override', 'DELETE')
        .expect(200, 'deleted');
    });

    it('keeps headers set before the chain in a local reply, such as CORS', async () => {
      const app = new Koa();
      app.use((ctx, next) => {
        ctx.set('access-control-allow-origin', '*');
        return next();
      });
      app.use(filterChain([deny]));
      const res = await request(app.callback()).get('/').expect(401);
      expect(res.headers['access-control-allow-origin']).to.equal('*');
    });

    it("drops the app's answer when a filter replies after the request reached it", async () => {
      const errors: unknown[] = [];
      const app = new Koa();
      app.on('error', (error) => errors.push(error));
      app.use(
        filterChain([
          filter('late-deny', (callbacks) => ({
            decodeHeaders() {
              setTimeout(() => callbacks.sendLocalReply(422, 'too late for you'), 5);
            },
          })),
        ]),
      );
      app.use(async (ctx) => {
        await delay(30);
        ctx.set('x-app', 'late');
        ctx.body = 'app answer';
      });
      const res = await request(app.callback()).get('/').expect(422, 'too late for you');
      expect(res.headers).not.to.have.property('x-app');
      await delay(40);
      expect(errors).to.deep.equal([]);
    });

    it('answers 500 with a generic body when a filter throws, without an error event', async () => {
      const errors: unknown[] = [];
      const app = new Koa();
      app.on('error', (error) => errors.push(error));
      app.use(
        filterChain(
          [
            filter('broken', () => ({
              decodeHeaders() {
                throw new Error('boom: secret detail');
              },
            })),
          ],
          { logger: () => {} },
        ),
      );
      app.use((ctx) => {
        ctx.body = 'never';
      });
      await request(app.callback()).get('/').expect(500, 'error happened in filter');
      expect(errors).to.deep.equal([]);
    });

    it('derives a per-route variant with route(), merged through the filter', async () => {
      const auth = filterChain([basicAuth({ users: { ann: 'secret' } })]);
      const app = new Koa();
      const router = new Router();
      router.get('/admin', auth.route({ basicAuth: { realm: 'admin' } }), (ctx) => {
        ctx.body = 'admin';
      });
      router.get('/health', auth.route({ basicAuth: false }), (ctx) => {
        ctx.body = 'ok';
      });
      app.use(router.routes());
      const res = await request(app.callback()).get('/admin').expect(401);
      expect(res.headers['www-authenticate']).to.equal('Basic realm="admin", charset="UTF-8"');
      await request(app.callback()).get('/health').expect(200, 'ok');
    });

    it('returns without a promise of its own when every filter passed synchronously', async () => {
      let returned: unknown;
      let downstream: Promise<void> | undefined;
      const chain = filterChain([filter('pass', () => ({ decodeHeaders() {} }))]);
      const app = new Koa();
      app.use((ctx, next) => {
        returned = chain(ctx, () => {
          downstream = next();
          return downstream;
        });
        return returned as Promise<void>;
      });
      app.use((ctx) => {
        ctx.body = 'ok';
      });
      await request(app.callback()).get('/').expect(200, 'ok');
      expect(returned).to.equal(downstream);
    });
    it('tells later middleware who basicAuth let in, in ctx.state.auth', async () => {
      const app = new Koa();
      app.use(filterChain([basicAuth({ users: { ann: 'pw' } })]));
      app.use((ctx) => {
        ctx.body = { auth: ctx.state.auth };
      });
      await request(app.callback())
        .get('/')
        .auth('ann', 'pw')
        .expect(200, { auth: { user: 'ann', filter: 'basicAuth' } });
    });
    it('runs a chain once per request, and refuses a variant after its chain already ran', async () => {
      let runs = 0;
      const errors: Array<string | undefined> = [];
      const counted = filterChain([
        defineFilter({
          name: 'count',
          parse: (options: { step: number }) => options,
          create: (config) => ({
            decodeHeaders() {
              runs += config.step;
            },
          }),
        })({ step: 1 }),
      ]);
      const app = new Koa();
      const router = new Router();
      app.on('error', (error: { code?: string }) => errors.push(error.code));
      app.use(counted);
      app.use(counted);
      router.get('/twice', counted, (ctx) => {
        ctx.body = String(runs);
      });
      router.get('/variant', counted.route({ count: { step: 10 } }), (ctx) => {
        ctx.body = 'never';
      });
      app.use(router.routes());
      await request(app.callback()).get('/twice').expect(200, '1');
      await request(app.callback()).get('/variant').expect(500);
      expect(errors).to.deep.equal(['ERR_INVALID_CHAIN']);
    });
  });
}
