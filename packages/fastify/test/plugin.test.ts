import { Status, type StreamFilterError } from '@streamfilter/core';
import streamfilter from '@streamfilter/fastify';
import { basicAuth } from '@streamfilter/filters';
import { expect } from 'chai';
import request from 'supertest';
import { delay, filter } from '../../../test/support/filters';
import { fastifyVersions } from './support';

const tag = filter('tag', () => ({
  decodeHeaders(headers) {
    headers.set('x-tagged', 'yes');
  },
  encodeHeaders(headers) {
    headers.set('x-filtered', 'yes');
  },
}));

const deny = filter('deny', (callbacks) => ({
  decodeHeaders: () => void callbacks.sendLocalReply(401, 'denied'),
}));

const reroute = filter('reroute', () => ({
  decodeHeaders(headers) {
    if (headers.path === '/a') headers.setPath('/b');
  },
}));

for (const { name, fastify } of fastifyVersions) {
  describe(`streamfilter Fastify plugin (${name})`, () => {
    it('filters every route of the scope it is registered in, and no other', async () => {
      const app = fastify();
      app.get('/open', async (request) => ({ tagged: request.headers['x-tagged'] ?? null }));
      await app.register(async (scope) => {
        await scope.register(streamfilter, { filters: [tag] });
        scope.get('/inside', async (request) => ({ tagged: request.headers['x-tagged'] }));
        await scope.register(async (child) => {
          child.get('/nested', async (request) => ({ tagged: request.headers['x-tagged'] }));
        });
      });
      await app.ready();
      const inside = await request(app.server).get('/inside').expect(200, { tagged: 'yes' });
      expect(inside.headers['x-filtered']).to.equal('yes');
      await request(app.server).get('/nested').expect(200, { tagged: 'yes' });
      const open = await request(app.server).get('/open').expect(200, { tagged: null });
      expect(open.headers).not.to.have.property('x-filtered');
      await app.close();
    });

    it('filters the routes of the whole app when registered on the root', async () => {
      const app = fastify();
      await app.register(streamfilter, { filters: [deny] });
      app.get('/', async () => 'never');
      await app.ready();
      await request(app.server).get('/').expect(401, 'denied');
      await request(app.server).get('/no-such-route').expect(401, 'denied');
      await app.close();
    });

    it('runs two chains of nested scopes outer first, each once', async () => {
      const seen: string[] = [];
      const mark = (label: string) =>
        filter(`mark-${label}`, () => ({ decodeHeaders: () => void seen.push(label) }));
      const app = fastify();
      await app.register(streamfilter, { filters: [mark('outer')] });
      await app.register(async (scope) => {
        await scope.register(streamfilter, { filters: [mark('inner')] });
        scope.get('/', async () => 'ok');
      });
      await app.ready();
      await request(app.server).get('/').expect(200, 'ok');
      expect(seen).to.deep.equal(['outer', 'inner']);
      await app.close();
    });

    it('passes the chain options on, and ignores the prefix Fastify adds to register options', async () => {
      const app = fastify();
      await app.register(streamfilter, {
        filters: [
          filter('whole', () => ({ decodeHeaders: () => Status.StopAndBuffer, decodeData() {} })),
        ],
        maxRequestBodyBytes: 4,
        prefix: '/ignored',
      } as Parameters<typeof streamfilter>[1]);
      app.post('/', async (request) => request.body);
      await app.ready();
      await request(app.server).post('/').send('abc').set('content-type', 'text/plain').expect(200);
      await request(app.server)
        .post('/')
        .send('abcdef')
        .set('content-type', 'text/plain')
        .expect(413);
      await app.close();
    });

    it('fails app.ready() with ERR_INVALID_CHAIN when the options are wrong', async () => {
      const app = fastify();
      app.register(streamfilter, { filters: 'nope' } as never);
      const error = await app.ready().then(
        () => undefined,
        (err: StreamFilterError) => err,
      );
      expect(error?.code).to.equal('ERR_INVALID_CHAIN');
      await app.close().catch(() => {});
    });

    it('keeps headers hooks before the chain set on the reply in a local reply', async () => {
      const app = fastify();
      app.addHook('onRequest', (_request, reply, done) => {
        reply.header('access-control-allow-origin', '*');
        done();
      });
      await app.register(streamfilter, { filters: [deny] });
      app.get('/', async () => 'never');
      await app.ready();
      const res = await request(app.server).get('/').expect(401, 'denied');
      expect(res.headers['access-control-allow-origin']).to.equal('*');
      await app.close();
    });

    it('runs no later hook, handler or serializer after a local reply, and onResponse still', async () => {
      const events: string[] = [];
      const app = fastify();
      await app.register(streamfilter, { filters: [deny] });
      app.addHook('preHandler', (_request, _reply, done) => {
        events.push('preHandler');
        done();
      });
      app.addHook('onSend', (_request, _reply, payload, done) => {
        events.push('onSend');
        done(null, payload);
      });
      app.addHook('onResponse', (_request, reply, done) => {
        events.push(`onResponse ${reply.statusCode}`);
        done();
      });
      app.get('/', async () => {
        events.push('handler');
        return 'never';
      });
      await app.ready();
      await request(app.server).get('/').expect(401, 'denied');
      await delay(10);
      expect(events).to.deep.equal(['onResponse 401']);
      await app.close();
    });

    it('drops the route’s reply when a filter answers after the request reached it', async () => {
      const app = fastify();
      await app.register(streamfilter, {
        filters: [
          filter('late-deny', (callbacks) => ({
            decodeHeaders() {
              setTimeout(() => callbacks.sendLocalReply(422, 'too late for you'), 5);
            },
          })),
        ],
      });
      app.get('/', async (_request, reply) => {
        await delay(30);
        reply.header('x-app', 'late');
        return 'app answer';
      });
      await app.ready();
      const res = await request(app.server).get('/').expect(422, 'too late for you');
      expect(res.headers).not.to.have.property('x-app');
      await delay(40);
      await request(app.server).get('/').expect(422, 'too late for you');
      await app.close();
    });

    it('refuses a rewrite to another path with ERR_INVALID_HEADER, through Fastify’s error handler', async () => {
      const errors: unknown[] = [];
      const handled: string[] = [];
      const app = fastify();
      app.setErrorHandler((error, _request, reply) => {
        errors.push((error as StreamFilterError).code);
        expect((error as Error).message)
          .to.contain('routed to /a')
          .and.not.contain('/b');
        reply.code(500).send('cannot reroute');
      });
      await app.register(streamfilter, { filters: [reroute] });
      app.get('/a', async () => void handled.push('a'));
      app.get('/b', async () => void handled.push('b'));
      await app.ready();
      await request(app.server).get('/a').expect(500, 'cannot reroute');
      await request(app.server).get('/b').expect(200);
      expect(errors).to.deep.equal(['ERR_INVALID_HEADER']);
      expect(handled).to.deep.equal(['b']);
      await app.close();
    });

    it('tells filters the route Fastify matched', async () => {
      let route: string | undefined;
      const app = fastify();
      await app.register(streamfilter, {
        filters: [
          filter('route', (callbacks) => ({
            decodeHeaders() {
              route = callbacks.streamInfo.route;
            },
          })),
        ],
      });
      app.get('/users/:id', async () => 'ok');
      await app.ready();
      await request(app.server).get('/users/7').expect(200);
      expect(route).to.equal('/users/:id');
      await app.close();
    });

    it('transforms what reply.send() serialized, with Fastify’s content-length kept right', async () => {
      const app = fastify();
      await app.register(streamfilter, {
        filters: [
          filter('grow', () => ({
            encodeHeaders: () => Status.StopAndBuffer,
            encodeData: (b) => void b.set(b.toString().replace('}', ',"b":2}')),
          })),
        ],
      });
      app.get('/', async () => ({ a: 1 }));
      await app.ready();
      const res = await request(app.server).get('/').expect(200, { a: 1, b: 2 });
      expect(res.headers['content-length']).to.equal(String(res.text.length));
      await app.close();
    });
    it('tells handlers who basicAuth let in, in request.auth', async () => {
      const app = fastify();
      app.get('/open', async (request) => ({ auth: request.auth }));
      await app.register(async (scope) => {
        await scope.register(streamfilter, { filters: [basicAuth({ users: { ann: 'pw' } })] });
        scope.get('/me', async (request) => ({ auth: request.auth }));
      });
      await app.ready();
      await request(app.server)
        .get('/me')
        .auth('ann', 'pw')
        .expect(200, { auth: { user: 'ann', filter: 'basicAuth' } });
      // Outside the plugin's scope, Fastify's requests are not decorated at all.
      await request(app.server).get('/open').expect(200, {});
      await app.close();
    });
  });
}
