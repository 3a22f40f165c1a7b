import { filterChain } from '@streamfilter/express';
import { expect } from 'chai';
import request from 'supertest';
import { expressVersions } from '../support/express-versions';
import { passThrough, responseKinds } from '../support/pass-through';

/** What the application observes of its response after `act`, as in bare Node. */
function observe(res: {
  headersSent: boolean;
  setHeader(n: string, v: string): unknown;
}): unknown[] {
  const seen: unknown[] = [res.headersSent];
  try {
    res.setHeader('x-late', '1');
    seen.push('set');
  } catch (error) {
    seen.push((error as { code?: string }).code);
  }
  return seen;
}

for (const { name, express } of expressVersions) {
  describe(`what the application sees of its response under encode hooks (${name})`, () => {
    it('is what bare Node shows: the control', async () => {
      let seen: unknown[] = [];
      const app = express();
      app.get('/', (_req, res) => {
        res.writeHead(200, { 'content-type': 'text/plain' });
        seen = observe(res);
        res.end('done');
      });
      await request(app).get('/').expect(200, 'done');
      expect(seen).to.deep.equal([true, 'ERR_HTTP_HEADERS_SENT']);
    });

    for (const { label, hooks, timing } of responseKinds) {
      it(`reports headersSent and refuses setHeader once res.writeHead() ran (${label})`, async () => {
        let seen: unknown[] = [];
        const app = express();
        app.use(filterChain([passThrough(hooks, timing)]));
        app.get('/', (_req, res) => {
          res.writeHead(200, { 'content-type': 'text/plain' });
          seen = observe(res);
          res.end('done');
        });
        const res = await request(app).get('/').expect(200, 'done');
        expect(seen).to.deep.equal([true, 'ERR_HTTP_HEADERS_SENT']);
        expect(res.headers).not.to.have.property('x-late');
      });

      it(`reports headersSent and refuses setHeader once the body started (${label})`, async () => {
        let seen: unknown[] = [];
        const app = express();
        app.use(filterChain([passThrough(hooks, timing)]));
        app.get('/', (_req, res) => {
          res.write('a');
          seen = observe(res);
          res.end('b');
        });
        await request(app).get('/').expect(200, 'ab');
        expect(seen).to.deep.equal([true, 'ERR_HTTP_HEADERS_SENT']);
      });

      it(`refuses a second res.writeHead() (${label})`, async () => {
        let code: string | undefined;
        const app = express();
        app.use(filterChain([passThrough(hooks, timing)]));
        app.get('/', (_req, res) => {
          res.writeHead(200);
          try {
            res.writeHead(500);
          } catch (error) {
            code = (error as { code?: string }).code;
          }
          res.end('first wins');
        });
        await request(app).get('/').expect(200, 'first wins');
        expect(code).to.equal('ERR_HTTP_HEADERS_SENT');
      });

      it(`sends the response of a handler that throws after res.end() (${label})`, async () => {
        const app = express();
        app.use(filterChain([passThrough(hooks, timing)]));
        app.get('/', (_req, res) => {
          res.end('yay');
          throw new Error('boom');
        });
        await request(app).get('/').expect(200, 'yay');
      });

      it(`lets the router's OPTIONS answer fail into the error handler after writeHead (${label})`, async () => {
        const app = express();
        const router = express.Router();
        router.get('/users', (_req, res) => res.send('users'));
        app.use(filterChain([passThrough(hooks, timing)]));
        app.use((_req, res, next) => {
          res.writeHead(200);
          next();
        });
        app.use(router);
        app.use((_error: unknown, _req: unknown, res: { end(b: string): void }, _next: unknown) => {
          res.end('error handler');
        });
        await request(app).options('/users').expect(200, 'error handler');
      });
    }
  });
}
