import http from 'node:http';
import {
  type ChainableFilter,
  DestroyReason,
  FILTER_ERROR_BODY,
  type Observer,
  Status,
  StreamFilterError,
} from '@streamfilter/core';
import { type ForwardAuthOptions, forwardAuth } from '@streamfilter/node';
import { expect } from 'chai';
import request from 'supertest';
import { onHeaders, replies } from './filters';
import { type Served, serve } from './serve';

describe('forwardAuth()', () => {
  let server: Served | undefined;

  afterEach(async () => {
    await server?.close();
    server = undefined;
  });

  async function start(filters: Parameters<typeof forwardAuth>[0], options?: ForwardAuthOptions) {
    server = await serve(forwardAuth(filters, options));
    return request(server.url);
  }

  describe('when the chain lets the request through', () => {
    it('answers 200 with the headers a filter set, and none of the others', async () => {
      const agent = await start([
        onHeaders((headers) => {
          headers.set('x-user', 'alice');
        }),
      ]);
      const res = await agent
        .get('/auth')
        .set('x-request-id', 'r1')
        .set('cookie', 'a=1')
        .expect(200, '');
      expect(res.headers['x-user']).to.equal('alice');
      expect(res.headers).to.not.have.property('x-request-id');
      expect(res.headers).to.not.have.property('cookie');
    });

    it('lists a header whose value a filter replaced', async () => {
      const agent = await start([onHeaders((headers) => void headers.set('x-user', 'alice'))]);
      const res = await agent.get('/auth').set('x-user', 'mallory').expect(200);
      expect(res.headers['x-user']).to.equal('alice');
    });

    it('lists a header a filter removed, with an empty value', async () => {
      const agent = await start([onHeaders((headers) => void headers.del('x-user'))]);
      const res = await agent.get('/auth').set('x-user', 'mallory').expect(200);
      expect(res.headers['x-user']).to.equal('');
    });

    it('lists every value of a multi-valued header a filter added', async () => {
      const agent = await start([
        onHeaders((headers) => {
          headers.add('x-group', 'a').add('x-group', 'b');
        }),
      ]);
      const res = await agent.get('/auth').expect(200);
      expect(res.headers['x-group']).to.equal('a, b');
    });

    it('never lists hop-by-hop or framing headers, even when a filter set them', async () => {
      const agent = await start([
        onHeaders((headers) => {
          headers.set('upgrade', 'websocket').set('transfer-encoding', 'chunked').set('host', 'x');
        }),
      ]);
      const res = await agent.get('/auth').expect(200);
      expect(res.headers['transfer-encoding']).to.equal(undefined);
      expect(res.headers['content-length']).to.equal('0');
      expect(res.headers['upgrade']).to.equal(undefined);
    });

    it('answers 200 after an async filter resolves', async () => {
      const agent = await start([
        onHeaders(async (headers) => {
          await new Promise((resolve) => setImmediate(resolve));
          headers.set('x-user', 'late');
        }),
      ]);
      const res = await agent.get('/auth').expect(200);
      expect(res.headers['x-user']).to.equal('late');
    });
  });

  describe('when a filter replies', () => {
    it('answers its reply: status, headers and body', async () => {
      const agent = await start([
        replies(401, 'who are you?', { 'www-authenticate': 'Basic realm="x"' }),
      ]);
      const res = await agent.get('/auth').expect(401, 'who are you?');
      expect(res.headers['www-authenticate']).to.equal('Basic realm="x"');
    });

    it('answers the reply as the encode hooks left it', async () => {
      const stamp: ChainableFilter = {
        name: 'stamp',
        create: () => ({
          encodeHeaders(headers) {
            headers.set('x-stamped', 'yes');
          },
        }),
      };
      const res = await (await start([stamp, replies(403, 'no')])).get('/auth').expect(403, 'no');
      expect(res.headers['x-stamped']).to.equal('yes');
    });

    it('answers 403 for a 2xx reply, which every proxy would read as "allow"', async () => {
      const agent = await start([replies(204, '')]);
      await agent.get('/auth').expect(403);
    });

    it('answers a 3xx, 4xx or 5xx reply with its own status by default', async () => {
      for (const status of [302, 400, 429, 503]) {
        const agent = await start([replies(status, 'reply')]);
        await agent.get('/auth').expect(status);
        await server?.close();
        server = undefined;
      }
    });

    it("answers 403 for a 3xx or 4xx reply nginx's auth_request would turn into 500", async () => {
      for (const status of [302, 400, 404, 429]) {
        const agent = await start([replies(status, 'reply')], { proxy: 'nginx' });
        await agent.get('/auth').expect(403, 'reply');
        await server?.close();
        server = undefined;
      }
    });

    it('keeps 401, 403 and 5xx replies as they are for nginx', async () => {
      for (const status of [401, 403, 500, 503]) {
        const agent = await start([replies(status, 'reply')], { proxy: 'nginx' });
        await agent.get('/auth').expect(status);
        await server?.close();
        server = undefined;
      }
    });

    it('answers 500 with the generic body when a filter throws', async () => {
      const agent = await start(
        [
          onHeaders(() => {
            throw new Error('boom');
          }),
        ],
        { logger: () => {} },
      );
      await agent.get('/auth').expect(500, FILTER_ERROR_BODY);
    });
  });

  describe('the connection and the stream', () => {
    it('discards a body the proxy sends, and answers the next request on the connection', async () => {
      const agent = await start([onHeaders((headers) => void headers.set('x-user', 'alice'))]);
      const keepAlive = new http.Agent({ keepAlive: true, maxSockets: 1 });
      try {
        await agent.post('/auth').agent(keepAlive).send('a body nobody reads').expect(200);
        const res = await agent.get('/auth').agent(keepAlive).expect(200);
        expect(res.headers['x-user']).to.equal('alice');
      } finally {
        keepAlive.destroy();
      }
    });

    it('aborts the signal of a parked filter when the proxy hangs up', async () => {
      let parked!: () => void;
      const waiting = new Promise<void>((resolve) => {
        parked = resolve;
      });
      let destroyed!: (reason: DestroyReason) => void;
      const destroyedWith = new Promise<DestroyReason>((resolve) => {
        destroyed = resolve;
      });
      const hold: ChainableFilter = {
        name: 'hold',
        create: (callbacks) => ({
          decodeHeaders() {
            parked();
            return new Promise<undefined>((resolve) =>
              callbacks.signal.addEventListener('abort', () => resolve(undefined)),
            );
          },
          onDestroy: (reason) => destroyed(reason),
        }),
      };
      await start([hold]);
      const req = http.get(`${server!.url}/auth`);
      req.on('error', () => {});
      await waiting;
      req.destroy();
      expect(await destroyedWith).to.equal(DestroyReason.Terminate);
    });

    it('reports the 200 of an allowed request to the observers', async () => {
      const seen: Array<number | undefined> = [];
      const observer: Observer = {
        stream: () => ({ end: (info) => void seen.push(info.responseCode) }),
      };
      const agent = await start([onHeaders(() => undefined)], { observers: [observer] });
      await agent.get('/auth').expect(200);
      await agent.get('/auth').expect(200);
      expect(seen).to.deep.equal([200, 200]);
    });
  });

  describe('chain options', () => {
    it('answers 504 when a filter stays parked past filterTimeoutMs', async () => {
      const agent = await start([onHeaders(() => Status.Running)], {
        filterTimeoutMs: 20,
        logger: () => {},
      });
      await agent.get('/auth').expect(504);
    });

    it('reports each request to the observers, with the status sent', async () => {
      const seen: Array<number | undefined> = [];
      const observer: Observer = {
        stream: () => ({ end: (info) => void seen.push(info.responseCode) }),
      };
      const agent = await start([replies(401, 'no')], { observers: [observer] });
      await agent.get('/auth').expect(401);
      await agent.get('/auth').expect(401);
      expect(seen).to.deep.equal([401, 401]);
    });

    it('refuses unknown options and bad values at startup', () => {
      const bad = [
        { trustForwardedHeaders: 'yes' },
        { proxy: 'haproxy' },
        { filterTimeoutMs: -1 },
        { nope: 1 },
      ];
      for (const options of bad) {
        expect(() => forwardAuth([], options as ForwardAuthOptions), JSON.stringify(options))
          .to.throw(StreamFilterError)
          .with.property('code')
          .that.matches(/^ERR_(FILTER_CONFIG|INVALID_CHAIN)$/);
      }
    });
  });
});
