import { type BufferInstance, Status } from '@streamfilter/core';
import { basicAuth } from '@streamfilter/filters';
import { filterChain, type StreamfilterEnv } from '@streamfilter/hono';
import { expect } from 'chai';
import { Hono } from 'hono';
import request from 'supertest';
import { filter } from '../../../test/support/filters';
import { listen, type Served } from './support/serve';

const stampRequest = filter('stamp', () => ({
  decodeHeaders: (headers) => void headers.set('x-stamp', 'filtered'),
}));

describe('filterChain() on Hono', () => {
  let served: Served | undefined;

  afterEach(async () => {
    await served?.close();
    served = undefined;
  });

  it('runs under the path it is used on, and only there', async () => {
    const app = new Hono();
    app.use('/api/*', filterChain([stampRequest]));
    app.get('/api/a', (c) => c.text(c.req.header('x-stamp') ?? 'none'));
    app.get('/b', (c) => c.text(c.req.header('x-stamp') ?? 'none'));
    served = await listen(app);
    await request(served.url).get('/api/a').expect(200, 'filtered');
    await request(served.url).get('/b').expect(200, 'none');
  });

  it('hands the handler the body the filters rewrote', async () => {
    const upper = filter('upper', () => ({
      decodeData(buffer: BufferInstance, endStream: boolean) {
        if (!endStream) return Status.StopAndBuffer;
        buffer.set(buffer.toString().replace('"alice"', '"ALICE"'));
      },
    }));
    const app = new Hono();
    app.use(filterChain([upper]));
    app.post('/', async (c) => c.json(await c.req.json()));
    served = await listen(app);
    await request(served.url).post('/').send({ name: 'alice' }).expect(200, { name: 'ALICE' });
  });

  it('lets encode hooks read and change c.res: status, headers the handler set, body', async () => {
    let seen: unknown;
    const edit = filter('edit', () => ({
      encodeHeaders(headers) {
        seen = [headers.status, headers.get('x-from-handler')];
        headers.setStatus(201);
        headers.del('x-from-handler');
        headers.set('x-from-filter', '1');
      },
      encodeData(buffer: BufferInstance, endStream: boolean) {
        if (!endStream) return Status.StopAndBuffer;
        buffer.set(buffer.toString().toUpperCase());
      },
    }));
    const app = new Hono();
    app.use(filterChain([edit]));
    app.get('/', (c) => {
      c.header('x-from-handler', 'yes');
      return c.text('hello', 202);
    });
    served = await listen(app);
    const res = await request(served.url).get('/').expect(201, 'HELLO');
    expect(seen).to.deep.equal([202, 'yes']);
    expect(res.headers['x-from-filter']).to.equal('1');
    expect(res.headers).to.not.have.property('x-from-handler');
    expect(res.headers['content-length']).to.equal('5');
  });

  it('answers a local reply without running the handler, keeping what earlier middleware set', async () => {
    let ran = false;
    const app = new Hono();
    app.use(async (c, next) => {
      c.header('access-control-allow-origin', '*');
      await next();
    });
    app.use(
      filterChain([
        filter('deny', (callbacks) => ({
          decodeHeaders: () => callbacks.sendLocalReply(403, 'forbidden', { 'x-reason': 'policy' }),
        })),
      ]),
    );
    app.get('/', (c) => {
      ran = true;
      return c.text('secret');
    });
    served = await listen(app);
    const res = await request(served.url).get('/').expect(403, 'forbidden');
    expect(res.headers).to.include({ 'x-reason': 'policy', 'access-control-allow-origin': '*' });
    expect(ran).to.equal(false);
  });

  it("passes the error handler's and the not-found response through the encode hooks", async () => {
    const statuses: number[] = [];
    const app = new Hono();
    app.use(
      filterChain([filter('look', () => ({ encodeHeaders: (h) => void statuses.push(h.status) }))]),
    );
    app.get('/boom', () => {
      throw new Error('boom');
    });
    app.onError((_error, c) => c.text('handled', 500));
    served = await listen(app);
    await request(served.url).get('/boom').expect(500, 'handled');
    await request(served.url).get('/nowhere').expect(404);
    expect(statuses).to.deep.equal([500, 404]);
  });

  it('shows a rewritten path in c.req.path and c.req.url; the route stays the one matched', async () => {
    const rewrite = filter('rewrite', () => ({
      decodeHeaders: (headers) => void headers.setPath('/api/v2/items?x=1'),
    }));
    const app = new Hono();
    app.use('/api/*', filterChain([rewrite]));
    app.get('/api/:version/items', (c) =>
      c.json({ path: c.req.path, url: c.req.url, version: c.req.param('version') }),
    );
    served = await listen(app);
    const res = await request(served.url).get('/api/v1/items').expect(200);
    expect(res.body).to.deep.equal({
      path: '/api/v2/items',
      url: `${served.url}/api/v2/items?x=1`,
      version: 'v1',
    });
  });

  it('derives per-route variants with route(): merged options, or a filter dropped', async () => {
    const auth = filterChain([basicAuth({ users: { alice: 'wonderland' } })]);
    const app = new Hono();
    app.get('/admin', auth.route({ basicAuth: { realm: 'admin' } }), (c) => c.text('admin'));
    app.get('/health', auth.route({ basicAuth: false }), (c) => c.text('ok'));
    served = await listen(app);
    const res = await request(served.url).get('/admin').expect(401);
    expect(res.headers['www-authenticate']).to.equal('Basic realm="admin", charset="UTF-8"');
    await request(served.url).get('/admin').auth('alice', 'wonderland').expect(200, 'admin');
    await request(served.url).get('/health').expect(200, 'ok');
  });

  it('runs a chain once per request, and refuses a variant below its base with ERR_INVALID_CHAIN', async () => {
    let runs = 0;
    const counted = filter('counted', () => ({
      decodeHeaders: () => void runs++,
    }));
    const chain = filterChain([counted]);
    const app = new Hono();
    app.use(chain);
    app.get('/twice', chain, (c) => c.text('ok'));
    app.get('/health', chain.route({ counted: false }), (c) => c.text('open'));
    app.onError((error, c) => c.json({ code: (error as { code?: string }).code }, 500));
    served = await listen(app);
    await request(served.url).get('/twice').expect(200, 'ok');
    expect(runs).to.equal(1);
    await request(served.url).get('/health').expect(500, { code: 'ERR_INVALID_CHAIN' });
    expect(runs).to.equal(2);
  });

  it("tells handlers who an authentication filter let in, as c.get('auth')", async () => {
    const app = new Hono<StreamfilterEnv>();
    app.use(filterChain([basicAuth({ users: { alice: 'wonderland' } })]));
    app.get('/', (c) => c.json(c.get('auth') ?? null));
    served = await listen(app);
    await request(served.url)
      .get('/')
      .auth('alice', 'wonderland')
      .expect(200, { user: 'alice', filter: 'basicAuth' });
  });

  it("sets no c.get('auth') when no authentication filter ran", async () => {
    const app = new Hono<StreamfilterEnv>();
    app.use(filterChain([stampRequest]));
    app.get('/', (c) => c.json({ auth: c.get('auth') ?? 'none' }));
    served = await listen(app);
    await request(served.url).get('/').expect(200, { auth: 'none' });
  });

  it('shows filters the request an earlier middleware replaced, headers and all', async () => {
    let seen: unknown;
    const app = new Hono();
    app.use(async (c, next) => {
      const headers = new Headers(c.req.raw.headers);
      headers.set('x-before', 'replaced');
      c.req.raw = new Request(c.req.raw, { headers });
      await next();
    });
    app.use(
      filterChain([
        filter('look', () => ({
          decodeHeaders(headers) {
            seen = headers.get('x-before');
          },
        })),
      ]),
    );
    app.get('/', (c) => c.text('ok'));
    served = await listen(app);
    await request(served.url).get('/').expect(200, 'ok');
    expect(seen).to.equal('replaced');
  });

  it('shows filters the headers an earlier middleware changed in place', async () => {
    let seen: unknown;
    const app = new Hono();
    app.use(async (c, next) => {
      c.req.raw.headers.set('x-before', 'changed');
      await next();
    });
    app.use(
      filterChain([
        filter('look', () => ({
          decodeHeaders(headers) {
            seen = headers.get('x-before');
          },
        })),
      ]),
    );
    app.get('/', (c) => c.text('ok'));
    served = await listen(app);
    await request(served.url).get('/').expect(200, 'ok');
    expect(seen).to.equal('changed');
  });
});
