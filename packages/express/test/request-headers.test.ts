import { once } from 'node:events';
import { type AddressInfo, connect } from 'node:net';
import { Status } from '@streamfilter/core';
import { filterChain } from '@streamfilter/express';
import { expect } from 'chai';
import request from 'supertest';
import { delay, filter } from '../../../test/support/filters';
import { expressVersions } from './support/express-versions';

for (const { name, express } of expressVersions) {
  describe(`filterChain() request headers (${name})`, () => {
    it('shows filters the request headers case-insensitively, with repeated headers as values', async () => {
      let seen: unknown;
      const app = express();
      app.use(
        filterChain([
          filter('inspect', () => ({
            decodeHeaders(headers) {
              seen = {
                get: headers.get('X-Trace'),
                values: headers.values('x-multi'),
                method: headers.method,
                path: headers.path,
                host: headers.host,
                scheme: headers.scheme,
              };
            },
          })),
        ]),
      );
      app.get('/items', (_req, res) => res.send('ok'));
      await request(app)
        .get('/items?x=1')
        .set('x-trace', 'abc')
        .set('x-multi', ['a', 'b'] as unknown as string)
        .expect(200, 'ok');
      expect(seen).to.deep.include({
        get: 'abc',
        values: ['a', 'b'],
        method: 'GET',
        path: '/items?x=1',
        scheme: 'http',
      });
      expect((seen as { host: string }).host).to.match(/^127\.0\.0\.1:\d+$/);
    });

    it('tells onLog the request line as received, the peer and the protocol', async () => {
      let seen: Record<string, unknown> | undefined;
      const app = express();
      app.use(
        filterChain([
          filter('facts', (callbacks) => ({
            decodeHeaders(headers) {
              headers.setMethod('POST');
            },
            onLog() {
              const { method, path, remoteAddress, protocol } = callbacks.streamInfo;
              seen = { method, path, remoteAddress, protocol };
            },
          })),
        ]),
      );
      app.post('/items', (_req, res) => res.send('ok'));
      await request(app).get('/items?x=1').set('connection', 'close').expect(200, 'ok');
      for (let i = 0; i < 100 && seen === undefined; i++) await delay(5);
      expect(seen).to.deep.include({ method: 'GET', path: '/items?x=1', protocol: 'HTTP/1.1' });
      expect(seen?.remoteAddress).to.match(/127\.0\.0\.1$/);
    });

    it('tells onLog the peer of a client that left while a filter was Running', async () => {
      let remoteAddress: unknown = 'not logged';
      let parked = false;
      const app = express();
      app.use(
        filterChain([
          filter('slow', (callbacks) => ({
            decodeHeaders() {
              parked = true;
              return Status.Running;
            },
            onLog() {
              remoteAddress = callbacks.streamInfo.remoteAddress;
            },
          })),
        ]),
      );
      const server = app.listen(0, '127.0.0.1');
      await once(server, 'listening');
      try {
        const socket = connect((server.address() as AddressInfo).port, '127.0.0.1');
        await once(socket, 'connect');
        socket.write('GET / HTTP/1.1\r\nHost: localhost\r\n\r\n');
        for (let i = 0; i < 100 && !parked; i++) await delay(5);
        socket.destroy();
        for (let i = 0; i < 100 && remoteAddress === 'not logged'; i++) await delay(5);
        expect(remoteAddress).to.match(/127\.0\.0\.1$/);
      } finally {
        server.close();
        server.closeAllConnections();
      }
    });

    it('passes headers set, added and deleted synchronously on to the route handler', async () => {
      const app = express();
      app.use(
        filterChain([
          filter('edit', () => ({
            decodeHeaders(headers) {
              headers.set('x-set', 'one').add('x-added', 'two').del('x-remove');
            },
          })),
        ]),
      );
      app.get('/', (req, res) =>
        res.json({
          set: req.get('x-set'),
          added: req.headers['x-added'],
          removed: req.headers['x-remove'] ?? null,
        }),
      );
      const res = await request(app).get('/').set('x-remove', 'gone').expect(200);
      expect(res.body).to.deep.equal({ set: 'one', added: 'two', removed: null });
    });

    it('passes headers changed while Running on to later middleware and the handler', async () => {
      const app = express();
      app.use(
        filterChain([
          filter('async-edit', (callbacks) => ({
            decodeHeaders(headers) {
              setTimeout(() => {
                headers.set('x-user', 'alice');
                callbacks.continue(Status.Continue);
              }, 5);
              return Status.Running;
            },
          })),
        ]),
      );
      app.use((req, _res, next) => {
        req.headers['x-seen-by-middleware'] = String(req.headers['x-user']);
        next();
      });
      app.get('/', (req, res) =>
        res.send(`${req.headers['x-user']}/${req.headers['x-seen-by-middleware']}`),
      );
      await request(app).get('/').expect(200, 'alice/alice');
    });

    it('routes on the path a filter set, keeping the query string', async () => {
      const app = express();
      app.use(
        filterChain([
          filter('rewrite', () => ({
            async decodeHeaders(headers) {
              await delay(1);
              headers.setPath(headers.path.replace('/old/', '/new/'));
            },
          })),
        ]),
      );
      app.get('/new/:id', (req, res) =>
        res.json({ id: req.params.id, q: req.query.q, url: req.originalUrl }),
      );
      app.get('/old/:id', (_req, res) => res.send('old route'));
      const res = await request(app).get('/old/7?q=x').expect(200);
      expect(res.body).to.deep.equal({ id: '7', q: 'x', url: '/old/7?q=x' });
    });

    it('routes on the method a filter set', async () => {
      const app = express();
      app.use(
        filterChain([
          filter('override', () => ({
            decodeHeaders: (h) => void h.setMethod(h.get('x-http-method-override') ?? h.method),
          })),
        ]),
      );
      app.delete('/thing', (_req, res) => res.send('deleted'));
      await request(app)
        .post('/thing')
        .set('x-http-method-override', 'DELETE')
        .expect(200, 'deleted');
    });

    it('sees the full path when mounted on a router, and rewrites within it', async () => {
      let seenPath = '';
      const app = express();
      const router = express.Router();
      router.use(
        filterChain([
          filter('rewrite', () => ({
            decodeHeaders(headers) {
              seenPath = headers.path;
              headers.setPath('/api/v2/users');
            },
          })),
        ]),
      );
      router.get('/v2/users', (_req, res) => res.send('v2'));
      app.use('/api', router);
      await request(app).get('/api/v1/users').expect(200, 'v2');
      expect(seenPath).to.equal('/api/v1/users');
    });

    it('answers 500 when a filter moves the path outside the router it is mounted on', async () => {
      const app = express();
      const router = express.Router();
      router.use(
        filterChain([
          filter('escape', () => ({ decodeHeaders: (h) => void h.setPath('/elsewhere') })),
        ]),
      );
      router.get('/x', (_req, res) => res.send('x'));
      app.use('/api', router);
      app.use(
        (
          err: { code?: string },
          _req: unknown,
          res: { status(n: number): { send(b: string): void } },
          _next: unknown,
        ) => {
          res.status(500).send(String(err.code));
        },
      );
      await request(app).get('/api/x').expect(500, 'ERR_INVALID_HEADER');
    });
  });
}
