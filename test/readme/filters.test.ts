import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { runFilter } from '@streamfilter/core/testing';
import { filterChain } from '@streamfilter/express';
import { basicAuth, remoteBasicAuth } from '@streamfilter/filters';
import { expect } from 'chai';
import express from 'express';
import request from 'supertest';

describe('README: @streamfilter/filters', () => {
  let service: http.Server;
  let port: number;

  before(async () => {
    service = http.createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => {
        const { username, password } = JSON.parse(Buffer.concat(chunks).toString());
        const ok = req.url === '/check' && username === 'foo' && password === 'bar';
        res.writeHead(ok ? 200 : 401).end();
      });
    });
    await new Promise<void>((resolve) => service.listen(0, '127.0.0.1', resolve));
    port = (service.address() as AddressInfo).port;
  });

  after(() => {
    service.closeAllConnections();
    service.close();
  });

  it('protects an app with the seed form of the options, and reads the counters', async () => {
    const auth = remoteBasicAuth({ host: '127.0.0.1', port }); // POSTs to /check
    const app = express();
    app.use(filterChain([auth]));
    app.get('/', (_req, res) => {
      res.send('hello');
    });

    await request(app).get('/').expect(401, 'no Authorization');
    await request(app).get('/').set('Authorization', 'basic Zm9vOmJhcg==').expect(200, 'hello');
    const { allowed, denied, errors } = auth.stats;
    expect({ allowed, denied, errors }).to.deep.equal({ allowed: 1, denied: 1, errors: 0 });
  });

  it('overrides options per route, and shares the counters with the variants', async () => {
    const auth = remoteBasicAuth({ host: '127.0.0.1', port });
    const chain = filterChain([auth]);
    const handler: express.RequestHandler = (_req, res) => {
      res.send('ok');
    };
    const app = express();
    app.get('/admin', chain.route({ remoteBasicAuth: { realm: 'admin' } }), handler);
    const admin = auth.override({ realm: 'admin', failOpen: false });
    app.get('/also-admin', filterChain([admin]), handler);

    for (const path of ['/admin', '/also-admin']) {
      const res = await request(app).get(path).expect(401);
      expect(res.headers['www-authenticate']).to.equal('Basic realm="admin", charset="UTF-8"');
    }
    expect(auth.stats.denied).to.equal(2);
  });

  it('runs basicAuth without a server', async () => {
    const result = await runFilter(basicAuth({ users: { foo: 'bar' } }), {
      headers: { authorization: 'Basic Zm9vOmJhcg==' },
    });
    // result.localReply === undefined: the request reached the app
    expect(result.localReply).to.equal(undefined);
  });
});
