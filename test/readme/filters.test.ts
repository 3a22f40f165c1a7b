import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { expect } from 'chai';
import request from 'supertest';
import { api } from './filters-api';
import { createApp } from './filters-app';
import { admin, deploy } from './filters-authorizer';
import { createRoutes } from './filters-routes';
import { app as migrated } from './migrating';

const FOO_BAR = 'basic Zm9vOmJhcg==';
const basic = (user: string, pass: string) =>
  `Basic ${Buffer.from(`${user}:${pass}`).toString('base64')}`;

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

  it('protects an app with the host and port form of the options', async () => {
    const app = createApp(port);
    await request(app).get('/').expect(401, 'no Authorization');
    await request(app).get('/').set('Authorization', FOO_BAR).expect(200, 'hello');
  });

  it('overrides options per route, and shares the counters with the variants', async () => {
    const { app, auth } = createRoutes(`http://127.0.0.1:${port}/check`);
    for (const path of ['/admin', '/also-admin']) {
      const res = await request(app).get(path).expect(401);
      expect(res.headers['www-authenticate']).to.equal('Basic realm="admin", charset="UTF-8"');
    }
    const orders = await request(app).get('/orders').expect(401);
    expect(orders.headers['www-authenticate']).to.equal('Basic realm="api", charset="UTF-8"');
    await request(app).get('/health').expect(200, 'ok');
    expect(auth.stats.denied).to.equal(3);
  });

  it('answers an API client with JSON and no challenge, and lets preflights through', async () => {
    const denied = await request(api).get('/orders').expect(401);
    expect(denied.headers['www-authenticate']).to.equal(undefined);
    expect(denied.body).to.deep.equal({
      error: 'unauthorized',
      reason: 'missing',
      path: '/orders',
    });
    await request(api)
      .options('/orders')
      .set('origin', 'https://app.example')
      .set('access-control-request-method', 'GET')
      .expect(204);
    await request(api)
      .get('/orders')
      .set('Authorization', basic('alice', 'wonderland'))
      .expect(200, []);
  });

  it('checks authorizers: constant-time in memory, and a promise for slow work', async () => {
    const { runFilter } = await import('@streamfilter/core/testing');
    const adminIn = await runFilter(admin, {
      headers: { authorization: basic('admin', 'change me'), host: 'example.test' },
    });
    expect(adminIn.localReply).to.equal(undefined);
    const adminOut = await runFilter(admin, { headers: { host: 'example.test' } });
    expect(adminOut.localReply?.headers.get('www-authenticate')).to.equal(
      'Basic realm="admin at example.test", charset="UTF-8"',
    );
    const authorization = basic('deploy', 'change me too');
    const post = await runFilter(deploy, { method: 'POST', headers: { authorization } });
    expect(post.localReply).to.equal(undefined);
    const get = await runFilter(deploy, { headers: { authorization } });
    expect(get.localReply?.code).to.equal(401);
  });

  it('replaces express-basic-auth with the same answers', async () => {
    await request(migrated).get('/').expect(401, 'No credentials provided');
    const wrong = await request(migrated)
      .get('/')
      .set('Authorization', basic('admin', 'x'))
      .expect(401, 'Credentials rejected');
    expect(wrong.headers['www-authenticate']).to.equal(undefined);
    await request(migrated)
      .get('/')
      .set('Authorization', basic('admin', 'supersecret'))
      .expect(200, 'hello admin');
  });
});
