import type { ChainableFilter } from '@streamfilter/core';
import { filterChain } from '@streamfilter/express';
import { expect } from 'chai';
import request from 'supertest';
import { filter } from '../../../../test/support/filters';
import { expressVersions } from '../support/express-versions';
import { passThrough, type Timing } from '../support/pass-through';

/** Marks the response (`x-via`, a body suffix) and the request body: shows order and count. */
function tagger(tag: string): ChainableFilter {
  return filter(`tag-${tag}`, () => ({
    decodeData(buffer, endStream) {
      if (endStream) buffer.set(buffer.toString().replace('}', `,"${tag}":true}`));
    },
    encodeHeaders(headers) {
      headers.add('x-via', tag);
    },
    encodeData(buffer, endStream) {
      if (endStream) buffer.append(`-${tag}`);
    },
  }));
}

const timings: Timing[] = ['sync', 'microtask', 'turn'];

for (const { name, express } of expressVersions) {
  describe(`two chains with encode and body hooks on one request (${name})`, () => {
    for (const timing of timings) {
      const chain = (tag: string) => filterChain([tagger(tag), passThrough('all', timing)]);

      it(`runs an app chain and a route chain, the route chain's encode hooks first (${timing})`, async () => {
        const app = express();
        app.use(chain('app'));
        app.get('/', chain('route'), (_req, res) => res.send('hi'));
        const res = await request(app).get('/').expect(200, 'hi-route-app');
        expect(res.headers['x-via']).to.equal('route, app');
        expect(res.headers['content-length']).to.equal(String('hi-route-app'.length));
      });

      it(`runs the request body through the app chain, then the route chain (${timing})`, async () => {
        const app = express();
        app.use(chain('app'));
        app.post('/', chain('route'), express.json(), (req, res) => {
          res.type('text').send(JSON.stringify(req.body));
        });
        await request(app)
          .post('/')
          .send({ a: 1 })
          .expect(200, '{"a":1,"app":true,"route":true}-route-app');
      });

      it(`runs the chains of an app and of a mounted sub-app (${timing})`, async () => {
        const sub = express();
        sub.use(chain('sub'));
        sub.get('/', (_req, res) => res.send('hi'));
        const app = express();
        app.use(chain('app'));
        app.use('/sub', sub);
        await request(app).get('/sub').expect(200, 'hi-sub-app');
      });

      it(`keeps each chain's hooks in place when middleware between them writes later (${timing})`, async () => {
        const app = express();
        app.use(chain('outer'));
        app.use((_req, res, next) => {
          // Like compression: wraps write/end and hands chunks on from a later turn.
          const write = res.write;
          const end = res.end;
          res.write = function deferredWrite(...args: unknown[]) {
            setImmediate(() => Reflect.apply(write, res, args));
            return true;
          } as typeof res.write;
          res.end = function deferredEnd(...args: unknown[]) {
            setImmediate(() => Reflect.apply(end, res, args));
            return res;
          } as typeof res.end;
          next();
        });
        app.get('/', chain('inner'), (_req, res) => {
          res.write('a');
          res.end('b');
        });
        await request(app).get('/').expect(200, 'ab-inner-outer');
      });

      it(`lets middleware between them send an implicit header before ending, as express-session does (${timing})`, async () => {
        const app = express();
        app.use(chain('outer'));
        app.use((_req, res, next) => {
          const internals = res as unknown as { _header: unknown; _implicitHeader(): void };
          const end = res.end;
          res.end = function endAfterHeader(...args: unknown[]) {
            if (!internals._header) internals._implicitHeader();
            return Reflect.apply(end, res, args);
          } as typeof res.end;
          next();
        });
        app.get('/', chain('inner'), (_req, res) => res.send('hi'));
        await request(app).get('/').expect(200, 'hi-inner-outer');
      });
    }
  });
}
