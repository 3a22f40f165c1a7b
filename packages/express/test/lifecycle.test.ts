import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { connect } from 'node:net';
import { type DestroyReason, Status } from '@streamfilter/core';
import { filterChain } from '@streamfilter/express';
import { expect } from 'chai';
import request from 'supertest';
import { delay, filter } from '../../../test/support/filters';
import { expressVersions } from './support/express-versions';

async function listen(
  handler: Parameters<typeof createServer>[1],
): Promise<{ server: Server; port: number }> {
  const server = createServer(handler);
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return { server, port: (server.address() as AddressInfo).port };
}

async function until(check: () => boolean): Promise<void> {
  for (let i = 0; i < 200 && !check(); i++) await delay(5);
}

for (const { name, express } of expressVersions) {
  describe(`filterChain() lifecycle (${name})`, () => {
    it('runs onLog once after the response is done, then onDestroy(Normal) once', async () => {
      const events: string[] = [];
      const app = express();
      app.use(
        filterChain([
          filter('log', () => ({
            onLog: (_req, _rt, res) => void events.push(`log ${res?.status}`),
            onDestroy: (reason) => void events.push(`destroy ${reason}`),
          })),
        ]),
      );
      app.get('/', (_req, res) => res.status(202).send('ok'));
      await request(app).get('/').expect(202);
      await until(() => events.length === 2);
      expect(events).to.deep.equal(['log 202', 'destroy Normal']);
    });

    it('adds no listener to req or res when every filter passed synchronously and none needs the end', async () => {
      const counts: number[] = [];
      const count = (req: { listenerCount(e: string): number }, res: typeof req) =>
        ['close', 'finish', 'end', 'data'].reduce(
          (sum, event) => sum + req.listenerCount(event) + res.listenerCount(event),
          0,
        );
      const app = express();
      app.use((req, res, next) => {
        counts.push(count(req, res));
        next();
      });
      app.use(filterChain([filter('pass', () => ({ decodeHeaders: () => Status.Continue }))]));
      // Counted once the chain's middleware call returned: next() runs the route inside it.
      app.get('/', (req, res) => {
        setImmediate(() => {
          counts.push(count(req, res));
          res.send('ok');
        });
      });
      await request(app).get('/').expect(200, 'ok');
      expect(counts).to.have.length(2);
      expect(counts[1]).to.equal(counts[0]);
    });

    it('listens for the end of the response with one listener when a filter has onLog', async () => {
      const counts: number[] = [];
      const app = express();
      app.use((_req, res, next) => {
        counts.push(res.listenerCount('close') + res.listenerCount('finish'));
        next();
      });
      app.use(filterChain([filter('log', () => ({ onLog() {} }))]));
      app.get('/', (_req, res) => {
        setImmediate(() => {
          counts.push(res.listenerCount('close') + res.listenerCount('finish'));
          res.send('ok');
        });
      });
      await request(app).get('/').expect(200, 'ok');
      expect(counts).to.have.length(2);
      expect(counts[1]).to.equal((counts[0] ?? 0) + 1);
    });

    it('runs onDestroy(Terminate) once and aborts the signal when the client leaves while a filter is Running', async () => {
      const reasons: DestroyReason[] = [];
      let aborted = false;
      let lateContinue: (() => void) | undefined;
      let handlerRan = false;
      const lines: string[] = [];
      const app = express();
      app.use(
        filterChain(
          [
            filter('slow-auth', (callbacks) => ({
              decodeHeaders() {
                callbacks.signal.addEventListener('abort', () => {
                  aborted = true;
                });
                lateContinue = () => callbacks.continue();
                return Status.Running;
              },
              onDestroy: (reason) => void reasons.push(reason),
            })),
          ],
          { logger: (level, message) => void lines.push(`${level} ${message}`) },
        ),
      );
      app.get('/', (_req, res) => {
        handlerRan = true;
        res.send('never');
      });
      const { server, port } = await listen(app);
      try {
        const socket = connect(port, '127.0.0.1');
        await once(socket, 'connect');
        socket.write('GET / HTTP/1.1\r\nHost: localhost\r\n\r\n');
        await until(() => lateContinue !== undefined);
        socket.destroy();
        await until(() => reasons.length > 0);
        lateContinue?.();
        await delay(10);
        expect(reasons).to.deep.equal(['Terminate']);
        expect(aborted).to.equal(true);
        expect(handlerRan).to.equal(false);
        expect(lines).to.deep.equal([
          'warn continue() after the stream ended: ignored (later ones on this stream are ignored silently)',
        ]);
      } finally {
        server.close();
        server.closeAllConnections();
      }
    });

    it('survives a client that leaves while the request body is being filtered', async () => {
      const reasons: DestroyReason[] = [];
      const app = express();
      app.use(
        filterChain([
          filter('body', () => ({
            decodeHeaders: () => Status.StopAndBuffer,
            decodeData() {},
            onDestroy: (reason) => void reasons.push(reason),
          })),
        ]),
      );
      app.post('/', (_req, res) => res.send('never'));
      app.get('/ok', (_req, res) => res.send('still serving'));
      const { server, port } = await listen(app);
      try {
        const socket = connect(port, '127.0.0.1');
        await once(socket, 'connect');
        socket.write('POST / HTTP/1.1\r\nHost: localhost\r\nContent-Length: 100\r\n\r\nhalf');
        await delay(20);
        socket.destroy();
        await until(() => reasons.length > 0);
        expect(reasons).to.deep.equal(['Terminate']);
        await request(server).get('/ok').expect(200, 'still serving');
      } finally {
        server.close();
        server.closeAllConnections();
      }
    });
  });

  describe(`filterChain() errors (${name})`, () => {
    for (const [kind, hook] of [
      [
        'throws',
        () => {
          throw new Error('boom: secret detail');
        },
      ],
      [
        'rejects',
        async () => {
          await delay(1);
          throw new Error('boom: secret detail');
        },
      ],
    ] as const) {
      it(`answers 500 with a generic body when a filter ${kind}, and keeps serving`, async () => {
        const lines: string[] = [];
        const app = express();
        app.use(
          filterChain([filter('broken', () => ({ decodeHeaders: hook }))], {
            logger: (_l, m) => void lines.push(m),
          }),
        );
        app.get('/', (_req, res) => res.send('never'));
        const res = await request(app).get('/').expect(500, 'error happened in filter');
        expect(res.text).not.to.contain('secret');
        expect(lines.join('\n')).to.contain('broken');
        await request(app).get('/').expect(500, 'error happened in filter');
      });
    }

    it('never calls next twice, even when a filter continues twice', async () => {
      let handlerRuns = 0;
      const app = express();
      app.use(
        filterChain(
          [
            filter('twice', (callbacks) => ({
              decodeHeaders() {
                setTimeout(() => {
                  callbacks.continue();
                  callbacks.continue();
                  callbacks.sendLocalReply(500, 'late');
                }, 1);
                return Status.Running;
              },
            })),
          ],
          { logger: () => {} },
        ),
      );
      app.get('/', (_req, res) => {
        handlerRuns++;
        res.send('once');
      });
      await request(app).get('/').expect(200, 'once');
      await delay(10);
      expect(handlerRuns).to.equal(1);
    });

    it('resets the stream instead of writing twice when an encode data hook fails after headers went out', async () => {
      const lines: string[] = [];
      const app = express();
      app.use(
        filterChain(
          [
            filter('fails-late', (callbacks) => ({
              encodeData(_buffer, endStream) {
                if (endStream && callbacks.streamInfo.path === '/') throw new Error('late failure');
              },
            })),
          ],
          { logger: (_l, m) => void lines.push(m) },
        ),
      );
      app.get('/', async (_req, res) => {
        res.write('first');
        await delay(5);
        res.end('second');
      });
      app.get('/ok', (_req, res) => res.send('fine'));
      const { server } = await listen(app);
      try {
        const error = await request(server)
          .get('/')
          .then(
            () => undefined,
            (err: Error) => err,
          );
        expect(error).to.be.instanceOf(Error);
        expect(lines.join('\n')).to.contain('fails-late');
        await request(server).get('/ok').expect(200, 'fine');
      } finally {
        server.close();
        server.closeAllConnections();
      }
    });
  });
}
