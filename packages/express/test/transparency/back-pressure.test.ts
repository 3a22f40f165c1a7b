import { once } from 'node:events';
import { request as httpRequest } from 'node:http';
import { Status } from '@streamfilter/core';
import { filterChain } from '@streamfilter/express';
import { expect } from 'chai';
import request from 'supertest';
import { delay, filter } from '../../../../test/support/filters';
import { expressVersions } from '../support/express-versions';
import { passThrough } from '../support/pass-through';
import { listen } from '../support/sockets';

/** Waits, boundedly, for `check` to hold. */
async function until(check: () => boolean): Promise<void> {
  for (let i = 0; i < 400 && !check(); i++) await delay(5);
}

/** An encode data hook that holds each chunk (Running) and lets it go on a later turn. */
const holdsEachChunk = filter('holds-each-chunk', (callbacks) => ({
  encodeData(_buffer, endStream) {
    if (endStream) return Status.Continue;
    setImmediate(() => callbacks.continue());
    return Status.Running;
  },
}));

for (const { name, express } of expressVersions) {
  describe(`back-pressure through a chain (${name})`, () => {
    it('answers res.write() with false while an encode hook holds the chunk, then emits drain', async () => {
      const returned: boolean[] = [];
      let drains = 0;
      const app = express();
      app.use(filterChain([holdsEachChunk]));
      app.get('/', async (_req, res) => {
        res.on('drain', () => drains++);
        // Small chunks: the socket never fills, so only the chain can say "wait", and only it
        // can say "go on".
        for (const chunk of ['a', 'b', 'c']) {
          const ok = res.write(chunk);
          returned.push(ok);
          if (!ok) await until(() => drains >= returned.length);
        }
        res.end();
      });
      await request(app).get('/').expect(200, 'abc');
      expect(returned).to.deep.equal([false, false, false]);
      expect(drains).to.equal(3);
    });

    it('stops reading the socket while a filtered request body waits for its reader', async () => {
      const chunk = Buffer.alloc(64 * 1024, 'x');
      const total = 128 * chunk.length; // 8 MiB
      let buffered = -1;
      let release: () => void = () => {};
      const app = express();
      app.use(filterChain([passThrough('body', 'sync')]));
      app.post('/', async (req, res) => {
        // Nobody reads the body until the client got stuck.
        await new Promise<void>((resolve) => {
          release = resolve;
        });
        buffered = req.readableLength;
        let received = 0;
        for await (const data of req) received += (data as Buffer).length;
        res.send(String(received));
      });
      const { port, close } = await listen(app);
      try {
        const answer = await new Promise<string>((resolve, reject) => {
          const req = httpRequest(
            {
              host: '127.0.0.1',
              port,
              method: 'POST',
              path: '/',
              headers: { 'content-length': String(total) },
            },
            (res) => {
              let text = '';
              res.setEncoding('utf8');
              res.on('data', (data: string) => {
                text += data;
              });
              res.on('end', () => resolve(text));
            },
          );
          req.on('error', reject);
          void (async () => {
            let sent = 0;
            let stuck = false;
            while (sent < total) {
              sent += chunk.length;
              if (req.write(chunk) || stuck) continue;
              const drained = await Promise.race([
                once(req, 'drain').then(() => true),
                delay(100).then(() => false),
              ]);
              if (!drained) {
                // The server stopped reading: let the handler look, then read.
                stuck = true;
                release();
                await once(req, 'drain');
              }
            }
            release();
            req.end();
          })();
        });
        expect(answer).to.equal(String(total));
        // What waited in req when the client got stuck: far less than the body.
        expect(buffered).to.be.within(0, 1024 * 1024);
      } finally {
        close();
      }
    });
  });
}
