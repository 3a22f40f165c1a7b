import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { filterChain } from '@streamfilter/express';
import { expect } from 'chai';
import request from 'supertest';
import { delay, filter } from '../../../../test/support/filters';
import { expressVersions } from '../support/express-versions';
import { captureLogs } from '../support/filters';
import { passThrough, responseKinds } from '../support/pass-through';

/** A file of known bytes, for static and ranged responses. */
const LETTERS = 'abcdefghijklmnopqrstuvwxyz'.repeat(40);

for (const { name, express } of expressVersions) {
  describe(`pass-through encode hooks keep the application's framing (${name})`, () => {
    let dir = '';
    let file = '';
    before(() => {
      dir = mkdtempSync(join(tmpdir(), 'streamfilter-framing-'));
      file = join(dir, 'letters.txt');
      writeFileSync(file, LETTERS);
    });
    after(() => rmSync(dir, { recursive: true, force: true }));

    for (const { label, hooks, timing } of responseKinds) {
      it(`keeps the Content-Length of write() + end() (${label})`, async () => {
        const app = express();
        app.use(filterChain([passThrough(hooks, timing)]));
        app.get('/', (_req, res) => {
          res.setHeader('content-length', '10');
          res.write('hello');
          res.end('world');
        });
        const res = await request(app).get('/').expect(200, 'helloworld');
        expect(res.headers['content-length']).to.equal('10');
        expect(res.headers).not.to.have.property('transfer-encoding');
      });

      it(`keeps the Content-Length of res.sendFile() (${label})`, async () => {
        const app = express();
        app.use(filterChain([passThrough(hooks, timing)]));
        app.get('/', (_req, res) => res.sendFile(file));
        const res = await request(app).get('/').expect(200, LETTERS);
        expect(res.headers['content-length']).to.equal(String(LETTERS.length));
      });

      it(`keeps the Content-Length of a 206 from express.static() (${label})`, async () => {
        const app = express();
        app.use(filterChain([passThrough(hooks, timing)]));
        app.use(express.static(dir));
        const res = await request(app)
          .get('/letters.txt')
          .set('range', 'bytes=2-801')
          .expect(206, LETTERS.slice(2, 802));
        expect(res.headers['content-length']).to.equal('800');
        expect(res.headers['content-range']).to.equal(`bytes 2-801/${LETTERS.length}`);
      });
    }

    it('frames a streamed body as chunked when a data hook changed the first chunk', async () => {
      const app = express();
      app.use(
        filterChain([
          filter('double', () => ({ encodeData: (b) => void b.set(b.toString().repeat(2)) })),
        ]),
      );
      app.get('/', async (_req, res) => {
        res.setHeader('content-length', '2');
        res.write('a');
        await delay(1);
        res.end('b');
      });
      const res = await request(app).get('/').expect(200, 'aabb');
      expect(res.headers).not.to.have.property('content-length');
      expect(res.headers['transfer-encoding']).to.equal('chunked');
    });

    it('resets the stream, and says why, when a data hook changes the length after the Content-Length went out', async () => {
      const { lines, logger } = captureLogs();
      const app = express();
      app.use(
        filterChain(
          [
            filter('grows-later', () => ({
              encodeData(buffer, endStream) {
                if (endStream) buffer.append('!');
              },
            })),
          ],
          { logger },
        ),
      );
      app.get('/', async (_req, res) => {
        res.setHeader('content-length', '2');
        res.write('a');
        await delay(1);
        res.end('b');
      });
      app.get('/ok', (_req, res) => res.send('fine'));
      const failure = await request(app)
        .get('/')
        .then(
          () => undefined,
          (error: Error) => error,
        );
      expect(failure).to.be.instanceOf(Error);
      expect(lines.join('\n')).to.contain('content-length');
      await request(app).get('/ok').expect(200, 'fine!');
    });
  });
}
