import { defineFilter, Status } from '@streamfilter/core';
import { filterChain } from '@streamfilter/express';
import { expect } from 'chai';
import type { ErrorRequestHandler } from 'express';
import request from 'supertest';
import { expressVersions } from './support/express-versions';

/** Counts its runs and stamps the request with its realm, so a test sees which config ran. */
function counting() {
  const runs: string[] = [];
  const stamp = defineFilter({
    name: 'stamp',
    parse: (options: { realm: string }) => options,
    merge: (parent, child) => ({ ...parent, ...child }),
    create: (config) => ({
      decodeHeaders(headers) {
        runs.push(config.realm);
        headers.set('x-realm', config.realm);
        return Status.Continue;
      },
    }),
  });
  return { runs, filter: stamp({ realm: 'base' }) };
}

const reportError: ErrorRequestHandler = (error, _req, res, _next) => {
  res.status(500).json({ code: error.code, message: error.message });
};

for (const { name, express } of expressVersions) {
  describe(`each chain runs once per request (${name})`, () => {
    it('runs a chain mounted twice on one request only once', async () => {
      const { runs, filter } = counting();
      const chain = filterChain([filter]);
      const app = express();
      app.use(chain);
      app.get('/', chain, (req, res) => res.send(req.headers['x-realm']));
      await request(app).get('/').expect(200, 'base');
      expect(runs).to.deep.equal(['base']);
    });

    it('refuses a route variant below the app-wide chain, saying how to mount instead', async () => {
      const { runs, filter } = counting();
      const chain = filterChain([filter]);
      const app = express();
      app.use(chain);
      app.get('/health', chain.route({ stamp: false }), (_req, res) => res.send('ok'));
      app.use(reportError);
      const res = await request(app).get('/health').expect(500);
      expect(res.body.code).to.equal('ERR_INVALID_CHAIN');
      expect(res.body.message).to.contain('GET /health');
      expect(res.body.message).to.contain('register the route before app.use(chain)');
      expect(runs).to.deep.equal(['base']);
    });

    it('applies a route variant registered before the app-wide chain, and runs it alone', async () => {
      const { runs, filter } = counting();
      const chain = filterChain([filter]);
      const app = express();
      app.get('/admin', chain.route({ stamp: { realm: 'admin' } }), (req, res) =>
        res.send(req.headers['x-realm']),
      );
      app.use(chain);
      app.get('/', (req, res) => res.send(req.headers['x-realm']));
      await request(app).get('/admin').expect(200, 'admin');
      await request(app).get('/').expect(200, 'base');
      expect(runs).to.deep.equal(['admin', 'base']);
    });

    it('runs two different chains on one request, each once', async () => {
      const a = counting();
      const b = counting();
      const app = express();
      app.use(filterChain([a.filter]));
      app.get('/', filterChain([b.filter]), (_req, res) => res.send('ok'));
      await request(app).get('/').expect(200, 'ok');
      expect([a.runs, b.runs]).to.deep.equal([['base'], ['base']]);
    });

    it('runs the chain again for the next request on a kept-alive connection', async () => {
      const { runs, filter } = counting();
      const chain = filterChain([filter]);
      const app = express();
      app.use(chain);
      app.get('/', chain, (_req, res) => res.send('ok'));
      const agent = request.agent(app);
      await agent.get('/').expect(200);
      await agent.get('/').expect(200);
      expect(runs).to.deep.equal(['base', 'base']);
    });
  });
}
