import { Readable } from 'node:stream';
import { Status } from '@streamfilter/core';
import { filterChain } from '@streamfilter/express';
import { expect } from 'chai';
import request from 'supertest';
import { delay, filter } from '../../../test/support/filters';
import { expressVersions } from './support/express-versions';

const shout = filter('shout', () => ({
  encodeHeaders(headers) {
    headers.set('x-filtered', 'yes');
  },
  encodeData(buffer) {
    buffer.set(buffer.toString().toUpperCase());
  },
}));

const wholeBodyShout = filter('whole-shout', () => ({
  encodeHeaders: () => Status.StopAndBuffer,
  encodeData(buffer) {
    buffer.set(`<<${buffer.toString().toUpperCase()}>>`);
  },
}));

for (const { name, express } of expressVersions) {
  describe(`filterChain() response path (${name})`, () => {
    it('leaves the response alone when no filter has an encode hook', async () => {
      let tapped = true;
      const app = express();
      app.use(filterChain([filter('headers-only', () => ({ decodeHeaders() {} }))]));
      app.get('/', (_req, res) => {
        tapped = Object.hasOwn(res, 'write');
        res.send('plain');
      });
      await request(app).get('/').expect(200, 'plain');
      expect(tapped).to.equal(false);
    });

    it('lets encode hooks change the status and headers of res.send()', async () => {
      const app = express();
      app.use(
        filterChain([
          filter('rewrite', () => ({
            encodeHeaders(headers) {
              if (headers.status === 404) headers.setStatus(410);
              headers.set('x-served-by', 'filter');
              headers.del('x-powered-by');
            },
          })),
        ]),
      );
      app.get('/', (_req, res) => res.status(404).send('gone'));
      const res = await request(app).get('/').expect(410, 'gone');
      expect(res.headers['x-served-by']).to.equal('filter');
      expect(res.headers).not.to.have.property('x-powered-by');
    });

    it('transforms the body of res.send() and keeps content-length right', async () => {
      const app = express();
      app.use(
        filterChain([
          filter('grow', () => ({ encodeData: (b) => void b.append(' -- appended by a filter') })),
        ]),
      );
      app.get('/', (_req, res) => res.send('hi'));
      const res = await request(app).get('/').expect(200, 'hi -- appended by a filter');
      expect(res.headers['content-length']).to.equal(String('hi -- appended by a filter'.length));
    });

    it('transforms res.json()', async () => {
      const app = express();
      app.use(filterChain([shout]));
      app.get('/', (_req, res) => res.json({ a: 'b' }));
      const res = await request(app).get('/').expect(200);
      expect(res.text).to.equal('{"A":"B"}');
      expect(res.headers['x-filtered']).to.equal('yes');
    });

    it('transforms a bare res.end() with a body', async () => {
      const app = express();
      app.use(filterChain([shout]));
      app.get('/', (_req, res) => {
        res.setHeader('content-type', 'text/plain');
        res.end('ended');
      });
      await request(app).get('/').expect(200, 'ENDED');
    });

    it('passes res.writeHead() status and headers to the encode hooks', async () => {
      let seen: unknown;
      const app = express();
      app.use(
        filterChain([
          filter('see', () => ({
            encodeHeaders(h) {
              seen = [h.status, h.get('x-explicit')];
            },
          })),
        ]),
      );
      app.get('/', (_req, res) => {
        res.writeHead(201, { 'X-Explicit': 'yes' });
        res.end('made');
      });
      await request(app).get('/').expect(201, 'made');
      expect(seen).to.deep.equal([201, 'yes']);
    });

    it('transforms a streamed response written in several chunks', async () => {
      const app = express();
      app.use(filterChain([shout]));
      app.get('/', async (_req, res) => {
        res.setHeader('content-type', 'text/plain');
        res.setHeader('content-length', '10');
        res.write('first');
        await delay(5);
        res.end('-last');
      });
      const res = await request(app).get('/').expect(200, 'FIRST-LAST');
      // Upper-casing keeps the length: the application's framing stands.
      expect(res.headers['content-length']).to.equal('10');
    });

    it('transforms a piped response', async () => {
      const app = express();
      app.use(filterChain([shout]));
      app.get('/', (_req, res) => {
        res.type('text/plain');
        Readable.from(['one ', 'two ', 'three']).pipe(res);
      });
      await request(app).get('/').expect(200, 'ONE TWO THREE');
    });

    it('lets encode hooks see and change a redirect', async () => {
      const app = express();
      app.use(
        filterChain([
          filter('redirects', () => ({
            encodeHeaders(headers) {
              if (headers.status === 302)
                headers.set('location', headers.get('location')?.replace('/a', '/b') ?? '/');
            },
          })),
        ]),
      );
      app.get('/', (_req, res) => res.redirect('/a'));
      await request(app).get('/').expect(302).expect('location', '/b');
    });

    it('holds the response while an encode hook is Running, until continue', async () => {
      const app = express();
      app.use(
        filterChain([
          filter('sign', (callbacks) => ({
            encodeHeaders(headers) {
              setTimeout(() => {
                headers.set('x-signature', 'signed');
                callbacks.continue();
              }, 10);
              return Status.Running;
            },
          })),
        ]),
      );
      app.get('/', (_req, res) => res.send('payload'));
      const res = await request(app).get('/').expect(200, 'payload');
      expect(res.headers['x-signature']).to.equal('signed');
    });

    it('applies back-pressure to a piped response while an encode data hook is Running', async () => {
      const app = express();
      app.use(
        filterChain([
          filter('slow', (callbacks) => ({
            encodeData(_buffer, endStream) {
              if (endStream) return;
              setTimeout(() => callbacks.continue(), 1);
              return Status.Running;
            },
          })),
        ]),
      );
      const chunk = 'x'.repeat(16 * 1024);
      app.get('/', (_req, res) => {
        res.type('text/plain');
        Readable.from(Array.from({ length: 40 }, () => chunk)).pipe(res);
      });
      const res = await request(app).get('/').expect(200);
      expect(res.text.length).to.equal(40 * chunk.length);
    });

    it('hands an encode data hook the whole response after StopAndBuffer', async () => {
      const app = express();
      app.use(filterChain([wholeBodyShout]));
      app.get('/', async (_req, res) => {
        res.type('text/plain');
        res.write('a');
        await delay(5);
        res.write('b');
        res.end('c');
      });
      const res = await request(app).get('/').expect(200, '<<ABC>>');
      expect(res.headers['content-length']).to.equal('7');
    });

    it('answers 500 when a buffered response passes its limit', async () => {
      const app = express();
      app.use(filterChain([wholeBodyShout], { maxResponseBodyBytes: 1000 }));
      app.get('/big', (_req, res) => res.send('y'.repeat(5000)));
      app.get('/small', (_req, res) => res.send('ok'));
      await request(app).get('/big').expect(500);
      await request(app).get('/small').expect(200, '<<OK>>');
    });

    it('sends flushed headers through the encode hooks before a streamed body', async () => {
      const app = express();
      app.use(filterChain([shout]));
      app.get('/events', async (_req, res) => {
        res.setHeader('content-type', 'text/event-stream');
        res.flushHeaders();
        res.write('data: one\n\n');
        await delay(5);
        res.end('data: two\n\n');
      });
      const res = await request(app)
        .get('/events')
        .buffer(true)
        .parse((r, done) => {
          let text = '';
          r.on('data', (c: Buffer) => {
            text += c.toString();
          });
          r.on('end', () => done(null, text));
        });
      expect(res.status).to.equal(200);
      expect(res.headers['x-filtered']).to.equal('yes');
      expect(res.body).to.equal('DATA: ONE\n\nDATA: TWO\n\n');
    });

    it('keeps HEAD responses without a body', async () => {
      const app = express();
      app.use(filterChain([shout]));
      app.get('/', (_req, res) => res.send('body'));
      const res = await request(app).head('/').expect(200);
      expect(res.headers['x-filtered']).to.equal('yes');
      expect(res.text).to.equal(undefined);
    });
  });
}
