import { once } from 'node:events';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { Agent, request as httpRequest } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { filterChain } from '@streamfilter/express';
import { expect } from 'chai';
import request from 'supertest';
import { delay } from '../../../../test/support/filters';
import { expressVersions } from '../support/express-versions';
import { passThrough, passThroughKinds, samePace } from '../support/pass-through';
import { exchange, listen, send } from '../support/sockets';

const allHookKinds = passThroughKinds.filter((kind) => kind.hooks === 'all');

/** Waits, boundedly, for `check` to hold. */
async function until(check: () => boolean): Promise<void> {
  for (let i = 0; i < 400 && !check(); i++) await delay(5);
}

/** The HTTP responses in a raw exchange: status line and body, in order. */
function responsesIn(raw: string): string[] {
  if (raw === '') return [];
  return raw
    .split(/(?=HTTP\/1\.1 )/)
    .map(
      (part) =>
        `${part.slice(0, part.indexOf('\r\n'))} ${part.slice(part.indexOf('\r\n\r\n') + 4)}`,
    );
}

for (const { name, express } of expressVersions) {
  describe(`a pass-through chain at the edges of HTTP (${name})`, () => {
    let dir = '';
    let file = '';
    before(() => {
      dir = mkdtempSync(join(tmpdir(), 'streamfilter-edges-'));
      file = join(dir, 'digits.txt');
      writeFileSync(file, '0123456789'.repeat(10));
    });
    after(() => rmSync(dir, { recursive: true, force: true }));

    for (const { label, hooks, timing } of allHookKinds) {
      const chain = () => filterChain([passThrough(hooks, timing)]);

      it(`carries a body larger than the socket buffers, with back-pressure, to a slow reader (${label})`, async () => {
        const chunk = Buffer.alloc(64 * 1024, 'x');
        const chunks = 128; // 8 MiB
        let written = 0;
        let waitingForDrain = false;
        const app = express();
        app.use(chain());
        app.get('/', async (_req, res) => {
          for (let i = 0; i < chunks; i++) {
            written += chunk.length;
            if (!res.write(chunk)) {
              waitingForDrain = true;
              await once(res, 'drain');
              waitingForDrain = false;
            }
          }
          res.end();
        });
        const { port, close } = await listen(app);
        try {
          const received = await new Promise<number>((resolve, reject) => {
            const req = httpRequest({ host: '127.0.0.1', port, path: '/' }, async (res) => {
              res.pause();
              await until(() => waitingForDrain);
              // The application waits for 'drain' while the client reads nothing.
              expect(waitingForDrain).to.equal(true);
              expect(written).to.be.below(chunk.length * chunks);
              let total = 0;
              res.on('data', (data: Buffer) => {
                total += data.length;
              });
              res.on('end', () => resolve(total));
              res.resume();
            });
            req.on('error', reject);
            req.end();
          });
          expect(received).to.equal(chunk.length * chunks);
        } finally {
          close();
        }
      });

      it(`answers HEAD with the GET's headers and no body, and the connection serves on (${label})`, async () => {
        const app = express();
        app.use(chain());
        app.get('/', (_req, res) => res.send('hello'));
        app.head('/declared', (_req, res) => {
          res.writeHead(200, { 'content-length': '5' });
          res.end();
        });
        const { port, close } = await listen(app);
        const agent = new Agent({ keepAlive: true, maxSockets: 1 });
        try {
          const declared = await send(port, { agent, method: 'HEAD', path: '/declared' });
          expect(declared.headers['content-length']).to.equal('5');
          const head = await send(port, { agent, method: 'HEAD' });
          const get = await send(port, { agent });
          expect([head.status, head.headers['content-length'], head.body.length]).to.deep.equal([
            200,
            '5',
            0,
          ]);
          expect([get.status, get.body.toString()]).to.deep.equal([200, 'hello']);
          expect(get.reusedSocket).to.equal(true);
        } finally {
          agent.destroy();
          close();
        }
      });

      it(`answers 204 and 304 without body or length, and the connection serves on (${label})`, async () => {
        const app = express();
        app.use(chain());
        app.get('/empty', (_req, res) => res.status(204).send('dropped'));
        app.get('/empty-head', (_req, res) => {
          res.writeHead(204);
          res.end();
        });
        app.get('/cached', (_req, res) => {
          res.set('etag', '"v1"');
          res.send('fresh body');
        });
        const { port, close } = await listen(app);
        const agent = new Agent({ keepAlive: true, maxSockets: 1 });
        try {
          const empty = await send(port, { agent, path: '/empty' });
          const emptyHead = await send(port, { agent, path: '/empty-head' });
          const cached = await send(port, {
            agent,
            path: '/cached',
            headers: { 'if-none-match': '"v1"' },
          });
          const fresh = await send(port, { agent, path: '/cached' });
          for (const answer of [empty, emptyHead, cached]) {
            expect(answer.body.length).to.equal(0);
            expect(answer.headers).not.to.have.property('content-length');
            expect(answer.headers).not.to.have.property('transfer-encoding');
          }
          expect([empty.status, emptyHead.status, cached.status]).to.deep.equal([204, 204, 304]);
          expect([fresh.status, fresh.body.toString()]).to.deep.equal([200, 'fresh body']);
          expect(fresh.reusedSocket).to.equal(true);
        } finally {
          agent.destroy();
          close();
        }
      });

      it(`serves byte ranges of res.sendFile() exactly (${label})`, async () => {
        const app = express();
        app.use(chain());
        app.get('/', (_req, res) => res.sendFile(file));
        const first = await request(app).get('/').set('range', 'bytes=0-4').expect(206, '01234');
        const last = await request(app).get('/').set('range', 'bytes=-3').expect(206, '789');
        expect([first.headers['content-length'], first.headers['content-range']]).to.deep.equal([
          '5',
          'bytes 0-4/100',
        ]);
        expect([last.headers['content-length'], last.headers['content-range']]).to.deep.equal([
          '3',
          'bytes 97-99/100',
        ]);
        await request(app).get('/').set('range', 'bytes=200-300').expect(416);
      });

      it(`reads the body of a client that waits for 100 Continue (${label})`, async () => {
        const app = express();
        app.use(chain());
        app.use(express.json());
        app.post('/', (req, res) => res.json(req.body));
        const { port, close } = await listen(app);
        try {
          const answer = await new Promise<{ continued: boolean; status?: number; body: string }>(
            (resolve, reject) => {
              let continued = false;
              const req = httpRequest(
                {
                  host: '127.0.0.1',
                  port,
                  method: 'POST',
                  path: '/',
                  headers: { 'content-type': 'application/json', expect: '100-continue' },
                },
                (res) => {
                  let body = '';
                  res.setEncoding('utf8');
                  res.on('data', (text: string) => {
                    body += text;
                  });
                  res.on('end', () => resolve({ continued, status: res.statusCode, body }));
                },
              );
              req.on('continue', () => {
                continued = true;
                req.end(JSON.stringify({ waited: true }));
              });
              req.on('error', reject);
              req.flushHeaders();
            },
          );
          expect(answer).to.deep.equal({ continued: true, status: 200, body: '{"waited":true}' });
        } finally {
          close();
        }
      });

      it(`answers pipelined requests on one connection in order (${label})`, async () => {
        const app = express();
        app.use(chain());
        app.use(express.text());
        app.get('/slow', async (_req, res) => {
          await delay(10);
          res.send('slow');
        });
        app.post('/echo', (req, res) => res.send(`echo:${req.body}`));
        app.get('/fast', (_req, res) => res.send('fast'));
        const { port, close } = await listen(app);
        try {
          const raw = await exchange(
            port,
            'GET /slow HTTP/1.1\r\nHost: x\r\n\r\n' +
              'POST /echo HTTP/1.1\r\nHost: x\r\nContent-Type: text/plain\r\nContent-Length: 5\r\n\r\nhello' +
              'GET /fast HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n',
          );
          expect(responsesIn(raw)).to.deep.equal([
            'HTTP/1.1 200 OK slow',
            'HTTP/1.1 200 OK echo:hello',
            'HTTP/1.1 200 OK fast',
          ]);
        } finally {
          close();
        }
      });

      for (const allowHalfOpen of [false, true]) {
        it(`treats a client that half-closed after its request as middleware of the same pace does (httpAllowHalfOpen ${allowHalfOpen}, ${label})`, async () => {
          const outcomes: string[][] = [];
          for (const filtered of [false, true]) {
            const app = express();
            app.use(filtered ? chain() : samePace(timing));
            app.post('/', async (req, res) => {
              // Read by hand: body parsers skip a request whose socket ended (on-finished).
              let body = '';
              req.setEncoding('utf8');
              try {
                for await (const text of req) body += text;
              } catch {
                return; // aborted: Node closed a half-closed connection
              }
              await delay(5);
              res.send(`got:${body}`);
            });
            const { server, port, close } = await listen(app);
            (server as { httpAllowHalfOpen?: boolean }).httpAllowHalfOpen = allowHalfOpen;
            try {
              const raw = await exchange(
                port,
                'POST / HTTP/1.1\r\nHost: x\r\nContent-Type: text/plain\r\nContent-Length: 4\r\n\r\nbody',
                { halfClose: true },
              );
              outcomes.push(responsesIn(raw));
            } finally {
              close();
            }
          }
          expect(outcomes[1]).to.deep.equal(outcomes[0]);
          // Node answers a half-closed client only when the server allows half-open sockets.
          expect(outcomes[0]).to.deep.equal(allowHalfOpen ? ['HTTP/1.1 200 OK got:body'] : []);
        });
      }
    }
  });
}
