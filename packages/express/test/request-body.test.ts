import { once } from 'node:events';
import { Agent, request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Status } from '@streamfilter/core';
import { filterChain } from '@streamfilter/express';
import { expect } from 'chai';
import request from 'supertest';
import { delay, filter } from '../../../test/support/filters';
import { expressVersions } from './support/express-versions';

/** Sends one request through `agent` and resolves with its status and body. */
function send(
  agent: Agent,
  port: number,
  method: string,
  body?: string,
): Promise<{ status: number | undefined; body: string }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest({ agent, port, host: '127.0.0.1', method, path: '/' }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        text += chunk;
      });
      res.on('end', () => resolve({ status: res.statusCode, body: text }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

const headersOnly = filter('headers-only', () => ({ decodeHeaders() {} }));
const upperCase = filter('upper', () => ({
  decodeHeaders: () => Status.StopAndBuffer,
  decodeData(buffer) {
    buffer.set(buffer.toString().toUpperCase());
  },
}));

for (const { name, express } of expressVersions) {
  describe(`filterChain() request body (${name})`, () => {
    it('leaves the body alone when no filter reads it', async () => {
      const app = express();
      let tapped = true;
      app.use(filterChain([headersOnly]));
      app.use((req, _res, next) => {
        tapped = Object.hasOwn(req, 'push');
        next();
      });
      app.use(express.json());
      app.post('/', (req, res) => res.json(req.body));
      await request(app).post('/').send({ a: 1 }).expect(200, { a: 1 });
      expect(tapped).to.equal(false);
    });

    it('streams each chunk through the data hooks as it arrives', async () => {
      const seen: Array<[string, boolean]> = [];
      const app = express();
      app.use(
        filterChain([
          filter('watch', () => ({ decodeData: (b, end) => void seen.push([b.toString(), end]) })),
        ]),
      );
      app.use(express.text());
      app.post('/', (req, res) => res.send(req.body));
      const test = request(app).post('/').set('content-type', 'text/plain');
      test.write('abc');
      await delay(20);
      test.write('def');
      await test.expect(200, 'abcdef');
      expect(seen.map(([chunk]) => chunk).join('')).to.equal('abcdef');
      expect(seen.length).to.be.greaterThan(1);
      expect(seen.at(-1)?.[1]).to.equal(true);
    });

    it('hands the whole body to the data hook once after StopAndBuffer', async () => {
      const calls: Array<[string, boolean]> = [];
      const app = express();
      app.use(
        filterChain([
          filter('whole', () => ({
            decodeHeaders: () => Status.StopAndBuffer,
            decodeData: (b, end) => void calls.push([b.toString(), end]),
          })),
        ]),
      );
      app.use(express.text());
      app.post('/', (req, res) => res.send(req.body));
      const test = request(app).post('/').set('content-type', 'text/plain');
      test.write('part one, ');
      await delay(20);
      test.write('part two');
      await test.expect(200, 'part one, part two');
      expect(calls).to.deep.equal([['part one, part two', true]]);
    });

    it('gives body parsers after the chain the body the filters passed on, with a correct length', async () => {
      const app = express();
      app.use(filterChain([upperCase]));
      app.use(express.text());
      app.post('/', (req, res) =>
        res.json({ body: req.body, length: req.headers['content-length'] }),
      );
      const res = await request(app)
        .post('/')
        .set('content-type', 'text/plain')
        .send('héllo wörld')
        .expect(200);
      expect(res.body).to.deep.equal({
        body: 'HÉLLO WÖRLD',
        length: String(Buffer.byteLength('HÉLLO WÖRLD')),
      });
    });

    it('feeds express.json() the rewritten body', async () => {
      const app = express();
      app.use(
        filterChain([
          filter('redact', () => ({
            decodeHeaders: () => Status.StopAndBuffer,
            decodeData(buffer) {
              const body = JSON.parse(buffer.toString());
              body.password = '[redacted]';
              buffer.set(JSON.stringify(body));
            },
          })),
        ]),
      );
      app.use(express.json());
      app.post('/', (req, res) => res.json(req.body));
      await request(app)
        .post('/')
        .send({ user: 'a', password: 'p' })
        .expect(200, { user: 'a', password: '[redacted]' });
    });

    it('feeds express.urlencoded() the body unchanged, byte for byte', async () => {
      const app = express();
      app.use(filterChain([filter('watch', () => ({ decodeData() {} }))]));
      app.use(express.urlencoded({ extended: false }));
      app.post('/', (req, res) => res.json(req.body));
      await request(app)
        .post('/')
        .type('form')
        .send('a=1&b=%C3%A9')
        .expect(200, { a: '1', b: 'é' });
    });

    it('feeds express.raw() binary bytes unchanged', async () => {
      const bytes = Buffer.from(Array.from({ length: 5000 }, (_, i) => (i * 7) % 256));
      const app = express();
      app.use(filterChain([filter('watch', () => ({ decodeData() {} }))]));
      app.use(express.raw({ type: '*/*' }));
      app.post('/', (req, res) =>
        res.send((req.body as Buffer).equals(bytes) ? 'same' : 'different'),
      );
      await request(app)
        .post('/')
        .set('content-type', 'application/octet-stream')
        .send(bytes)
        .expect(200, 'same');
    });

    it('answers 413 when a buffered body passes the limit', async () => {
      let handlerRan = false;
      const app = express();
      app.use(filterChain([upperCase], { maxRequestBodyBytes: 1024 }));
      app.post('/', (_req, res) => {
        handlerRan = true;
        res.send('ok');
      });
      await request(app)
        .post('/')
        .set('content-type', 'text/plain')
        .send('x'.repeat(4096))
        .expect(413);
      expect(handlerRan).to.equal(false);
      await request(app)
        .post('/')
        .set('content-type', 'text/plain')
        .send('small')
        .expect(200, 'ok');
    });

    it('shows filters no body when a body parser before the chain already read it', async () => {
      const calls: Array<[string, boolean]> = [];
      let endStream: boolean | undefined;
      const app = express();
      app.use(express.json());
      app.use(
        filterChain([
          filter('late', () => ({
            decodeHeaders(_h, end) {
              endStream = end;
            },
            decodeData: (b, end) => void calls.push([b.toString(), end]),
          })),
        ]),
      );
      app.post('/', (req, res) => res.json(req.body));
      await request(app).post('/').send({ a: 1 }).expect(200, { a: 1 });
      expect(endStream).to.equal(true);
      expect(calls).to.deep.equal([]);
    });

    it('replays a body that arrived while async middleware before the chain was busy', async () => {
      const app = express();
      app.use(async (_req, _res, next) => {
        await delay(30);
        next();
      });
      app.use(filterChain([upperCase]));
      app.use(express.text());
      app.post('/', (req, res) => res.send(req.body));
      await request(app)
        .post('/')
        .set('content-type', 'text/plain')
        .send('late body')
        .expect(200, 'LATE BODY');
    });

    it('keeps filtered data flowing when a data hook goes async', async () => {
      const app = express();
      app.use(
        filterChain([
          filter('slow', (callbacks) => ({
            decodeData(buffer) {
              setTimeout(() => {
                buffer.set(buffer.toString().replaceAll('a', 'b'));
                callbacks.continue();
              }, 2);
              return Status.Running;
            },
          })),
        ]),
      );
      app.use(express.text());
      app.post('/', (req, res) => res.send(req.body));
      const test = request(app).post('/').set('content-type', 'text/plain');
      test.write('aaa');
      await delay(10);
      test.write('aba');
      await test.expect(200, 'bbbbbb');
    });

    it('still ends the request, and frees the connection, after a local reply cut the body short', async () => {
      let ended = false;
      const app = express();
      app.use((req, _res, next) => {
        if (req.method === 'POST') {
          req.once('end', () => {
            ended = true;
          });
        }
        next();
      });
      app.use(
        filterChain([
          filter('deny', (callbacks) => ({
            decodeHeaders() {
              callbacks.sendLocalReply(403, 'denied');
              return Status.LocalReply;
            },
            decodeData() {},
          })),
        ]),
      );
      app.post('/', (_req, res) => res.send('never'));
      app.get('/', (_req, res) => res.send('next'));
      const server = app.listen(0, '127.0.0.1');
      await once(server, 'listening');
      let connections = 0;
      server.on('connection', () => {
        connections++;
      });
      const agent = new Agent({ keepAlive: true, maxSockets: 1 });
      try {
        const { port } = server.address() as AddressInfo;
        expect(await send(agent, port, 'POST', 'a body the filter never reads')).to.deep.equal({
          status: 403,
          body: 'denied',
        });
        expect(await send(agent, port, 'GET')).to.deep.equal({ status: 403, body: 'denied' });
        expect(ended).to.equal(true);
        expect(connections).to.equal(1);
      } finally {
        agent.destroy();
        server.close();
        server.closeAllConnections();
      }
    });
  });
}
