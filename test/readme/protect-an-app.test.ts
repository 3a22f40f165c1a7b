import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { expect } from 'chai';
import request from 'supertest';
import { protectedApp } from './protect-an-app';

describe('README: protecting an app with remoteBasicAuth', () => {
  const checks: unknown[] = [];
  let service: http.Server;
  let checkUrl: string;

  before(async () => {
    service = http.createServer((req, res) => {
      let body = '';
      req.setEncoding('utf8');
      req.on('data', (chunk: string) => {
        body += chunk;
      });
      req.on('end', () => {
        const { username, password } = JSON.parse(body);
        checks.push({ method: req.method, url: req.url, username });
        res.writeHead(username === 'foo' && password === 'bar' ? 200 : 401).end();
      });
    });
    await new Promise<void>((resolve) => service.listen(0, '127.0.0.1', resolve));
    checkUrl = `http://127.0.0.1:${(service.address() as AddressInfo).port}/check`;
  });

  after(() => {
    service.closeAllConnections();
    service.close();
  });

  it('answers 401 with a challenge without credentials, 200 with them, asking the service once', async () => {
    const app = protectedApp(checkUrl);
    const denied = await request(app).get('/hello').expect(401, 'no Authorization');
    expect(denied.headers['www-authenticate']).to.equal(
      'Basic realm="Restricted", charset="UTF-8"',
    );
    await request(app).get('/hello').auth('foo', 'bar').expect(200, 'hello foo\n');
    await request(app).get('/hello').auth('foo', 'bar').expect(200, 'hello foo\n');
    await request(app)
      .get('/hello')
      .auth('foo', 'nope')
      .expect(401, 'invalid username or password');
    expect(checks).to.deep.equal([
      { method: 'POST', url: '/check', username: 'foo' },
      { method: 'POST', url: '/check', username: 'foo' },
    ]);
  });

  it('ignores a client-sent x-authenticated-user', async () => {
    await request(protectedApp(checkUrl))
      .get('/hello')
      .auth('foo', 'bar')
      .set('x-authenticated-user', 'admin')
      .expect(200, 'hello foo\n');
  });
});
