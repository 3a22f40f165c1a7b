import { filterChain } from '@streamfilter/express';
import { expect } from 'chai';
import onHeaders from 'on-headers';
import request from 'supertest';
import { filter } from '../../../../test/support/filters';
import { expressVersions } from '../support/express-versions';
import { passThrough, responseKinds } from '../support/pass-through';

for (const { name, express } of expressVersions) {
  describe(`on-headers listeners registered after a chain with encode hooks (${name})`, () => {
    for (const { label, hooks, timing } of responseKinds) {
      it(`run before the headers leave, and the filters see what they set (${label})`, async () => {
        let seen: string | undefined;
        const app = express();
        app.use(
          filterChain([
            filter('sees-cookie', () => ({
              encodeHeaders(headers) {
                seen = headers.get('set-cookie');
              },
            })),
            passThrough(hooks, timing),
          ]),
        );
        app.use((_req, res, next) => {
          // What cookie-session and express-session do to write the session cookie.
          onHeaders(res, function setCookie() {
            this.setHeader('set-cookie', 'session=1');
          });
          next();
        });
        app.get('/', (_req, res) => res.send('body'));
        const res = await request(app).get('/').expect(200, 'body');
        expect(res.headers['set-cookie']).to.deep.equal(['session=1']);
        expect(seen).to.equal('session=1');
      });

      it(`run once when the application calls res.writeHead() itself (${label})`, async () => {
        let runs = 0;
        const app = express();
        app.use(filterChain([passThrough(hooks, timing)]));
        app.use((_req, res, next) => {
          onHeaders(res, function count() {
            runs++;
            this.setHeader('x-listener', String(runs));
          });
          next();
        });
        app.get('/', (_req, res) => {
          res.writeHead(201);
          res.end('made');
        });
        const res = await request(app).get('/').expect(201, 'made');
        expect(res.headers['x-listener']).to.equal('1');
        expect(runs).to.equal(1);
      });
    }
  });
}
