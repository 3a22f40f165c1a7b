import { Status } from '@streamfilter/core';
import { filterChain } from '@streamfilter/express';
import { expect } from 'chai';
import request from 'supertest';
import { delay, filter } from '../../../test/support/filters';
import { expressVersions } from './support/express-versions';

for (const { name, express } of expressVersions) {
  describe(`filterChain() local replies (${name})`, () => {
    it('answers with the status, body and headers given, as text/plain, without running the handler', async () => {
      let handlerRan = false;
      const app = express();
      app.use(
        filterChain([
          filter('deny', (callbacks) => ({
            decodeHeaders() {
              callbacks.sendLocalReply(401, 'no Authorization', {
                'WWW-Authenticate': 'Basic realm="x"',
                'x-empty': '',
              });
              return Status.LocalReply;
            },
          })),
        ]),
      );
      app.get('/', (_req, res) => {
        handlerRan = true;
        res.send('secret');
      });
      const res = await request(app).get('/').expect(401, 'no Authorization');
      expect(res.headers['content-type']).to.equal('text/plain; charset=utf-8');
      expect(res.headers['www-authenticate']).to.equal('Basic realm="x"');
      expect(res.headers).not.to.have.property('x-empty');
      expect(handlerRan).to.equal(false);
    });

    it('keeps a content type the filter set', async () => {
      const app = express();
      app.use(
        filterChain([
          filter('json', (cb) => ({
            decodeHeaders: () =>
              void cb.sendLocalReply(403, '{"error":"forbidden"}', {
                'content-type': 'application/json',
              }),
          })),
        ]),
      );
      const res = await request(app).get('/').expect(403);
      expect(res.body).to.deep.equal({ error: 'forbidden' });
    });

    it('answers from a timer in the low-level Running style', async () => {
      const app = express();
      app.use(
        filterChain([
          filter('later', (callbacks) => ({
            decodeHeaders() {
              setTimeout(
                () =>
                  callbacks.sendLocalReply(429, 'slow down', undefined, undefined, 'rate_limited'),
                5,
              );
              return Status.Running;
            },
          })),
        ]),
      );
      app.get('/', (_req, res) => res.send('never'));
      await request(app).get('/').expect(429, 'slow down');
    });

    it('passes the reply through the encode hooks of the filters that already ran, not later ones', async () => {
      const app = express();
      app.use(
        filterChain([
          filter('outer', () => ({ encodeHeaders: (h) => void h.set('x-outer', 'seen') })),
          filter('deny', (cb) => ({ decodeHeaders: () => void cb.sendLocalReply(401, 'denied') })),
          filter('inner', () => ({ encodeHeaders: (h) => void h.set('x-inner', 'seen') })),
        ]),
      );
      const res = await request(app).get('/').expect(401, 'denied');
      expect(res.headers['x-outer']).to.equal('seen');
      expect(res.headers).not.to.have.property('x-inner');
    });

    it('keeps headers earlier middleware set on the response, such as CORS', async () => {
      const app = express();
      app.use((_req, res, next) => {
        res.setHeader('access-control-allow-origin', '*');
        next();
      });
      app.use(
        filterChain([
          filter('deny', (cb) => ({ decodeHeaders: () => void cb.sendLocalReply(401, 'no') })),
        ]),
      );
      const res = await request(app).get('/').expect(401);
      expect(res.headers['access-control-allow-origin']).to.equal('*');
    });

    it('drops the application response when a filter replies after the request reached the application', async () => {
      const app = express();
      app.use(
        filterChain([
          filter('late-deny', (callbacks) => ({
            decodeHeaders() {
              setTimeout(() => callbacks.sendLocalReply(422, 'too late for you'), 5);
            },
          })),
        ]),
      );
      let handlerRan = 0;
      app.get('/', async (_req, res) => {
        handlerRan++;
        await delay(30);
        res.setHeader('x-app', 'late');
        res.status(200).send('app answer');
      });
      const first = await request(app).get('/').expect(422, 'too late for you');
      expect(first.headers).not.to.have.property('x-app');
      expect(handlerRan).to.equal(1);
      await delay(40);
      await request(app).get('/').expect(422, 'too late for you');
    });
  });
}
