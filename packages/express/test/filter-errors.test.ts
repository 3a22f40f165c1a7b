import { FILTER_ERROR_BODY, Status } from '@streamfilter/core';
import { filterChain } from '@streamfilter/express';
import { expect } from 'chai';
import type { ErrorRequestHandler } from 'express';
import request from 'supertest';
import { delay, filter } from '../../../test/support/filters';
import { expressVersions } from './support/express-versions';
import { captureLogs } from './support/filters';

const marks = (name: string) =>
  filter(name, () => ({
    encodeHeaders(headers) {
      headers.add('x-encoded-by', name);
      return Status.Continue;
    },
  }));

const throws = filter('broken', () => ({
  decodeHeaders() {
    throw new Error('broken filter');
  },
  encodeHeaders(headers) {
    headers.add('x-encoded-by', 'broken');
  },
}));

const rejects = filter('late', () => ({
  async decodeHeaders() {
    await delay(1);
    throw new Error('late failure');
  },
}));

/** An app error handler as users write them: their own JSON. */
const jsonErrors: ErrorRequestHandler = (error, _req, res, _next) => {
  res.status(502).json({ error: error.message });
};

for (const { name, express } of expressVersions) {
  describe(`filterErrors (${name})`, () => {
    it("'next' hands a throwing filter's error to the app's error handler, through the encode hooks of the filters before it", async () => {
      const logs = captureLogs();
      const app = express();
      const chain = filterChain([marks('first'), throws, marks('after')], {
        filterErrors: 'next',
        logger: logs.logger,
      });
      app.get('/', chain, (_req, res) => res.send('unreachable'));
      app.use(jsonErrors);
      const res = await request(app).get('/').expect(502, { error: 'broken filter' });
      expect(res.headers['x-encoded-by']).to.equal('first');
      expect(logs.lines).to.deep.equal(['error: filter "broken" failed in decodeHeaders']);
    });

    it("'next' hands a rejected promise's error over too", async () => {
      const app = express();
      app.use(filterChain([rejects], { filterErrors: 'next', logger: () => {} }));
      app.get('/', (_req, res) => res.send('unreachable'));
      app.use(jsonErrors);
      await request(app).get('/').expect(502, { error: 'late failure' });
    });

    it('answers the fixed 500 by default, and the app error handler never runs', async () => {
      const app = express();
      app.use(filterChain([throws], { logger: () => {} }));
      app.get('/', (_req, res) => res.send('unreachable'));
      app.use(jsonErrors);
      await request(app).get('/').expect(500, FILTER_ERROR_BODY);
    });

    it("keeps the fixed 500 for a response filter's error, once the app has answered", async () => {
      const failsOnResponse = filter('encoder', () => ({
        encodeHeaders() {
          throw new Error('encode failure');
        },
      }));
      const app = express();
      app.use(filterChain([failsOnResponse], { filterErrors: 'next', logger: () => {} }));
      app.get('/', (_req, res) => res.send('hello'));
      app.use(jsonErrors);
      await request(app).get('/').expect(500, FILTER_ERROR_BODY);
    });

    it('refuses any other value at startup', () => {
      expect(() => filterChain([], { filterErrors: 'throw' as 'next' }))
        .to.throw('filterChain: "filterErrors" must be \'reply\' or \'next\', got "throw"')
        .with.property('code', 'ERR_FILTER_CONFIG');
    });
  });
}
