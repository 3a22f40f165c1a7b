import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { expect } from 'chai';
import request from 'supertest';
import { AuthService } from '../../packages/filters/test/support/auth-service';
import { fetchExample, honoExample, sideBySide } from './fetch-and-hono';

type Server = ReturnType<typeof serve>;

function listen(fetch: (request: Request) => Response | Promise<Response>) {
  return new Promise<{ url: string; server: Server }>((resolve) => {
    const server = serve({ fetch, port: 0, hostname: '127.0.0.1' }, (info) =>
      resolve({ url: `http://127.0.0.1:${(info as AddressInfo).port}`, server }),
    );
  });
}

function close(server: Server): Promise<void> {
  (server as { closeAllConnections?(): void }).closeAllConnections?.();
  return new Promise((resolve) => server.close(() => resolve()));
}

describe('README: the same filter on Hono and on a bare fetch handler', () => {
  let service: AuthService;
  const servers: Server[] = [];

  before(async () => {
    service = await AuthService.start();
  });

  after(async () => {
    await Promise.all(servers.map(close));
    await service.close();
  });

  it('side by side: 401 without credentials and hello foo with them, on both', async () => {
    const { app, handler } = sideBySide(service.url);
    for (const fetch of [app.fetch, handler]) {
      const { url, server } = await listen(fetch);
      servers.push(server);
      const path = fetch === handler ? '/anything' : '/api/hello';
      await request(url).get(path).expect(401, 'no Authorization');
      await request(url).get(path).auth('foo', 'bar').expect(200, 'hello foo\n');
    }
  });

  it('packages/fetch: the served handler passes user, method and body on', async () => {
    const { server } = fetchExample(service.url, 0);
    servers.push(server);
    await new Promise((resolve) => server.once('listening', resolve));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    await request(url).put('/').send('hi').expect(401);
    const res = await request(url).put('/').auth('foo', 'bar').send('hi').expect(200);
    expect(res.body).to.deep.equal({ user: 'foo', method: 'PUT', body: 'hi' });
  });

  it('packages/hono: /api/* asks the service, /admin under its own realm', async () => {
    const { url, server } = await listen(honoExample(service.url).fetch);
    servers.push(server);
    await request(url).get('/api/me').auth('foo', 'bar').expect(200, { user: 'foo' });
    const admin = await request(url).get('/admin').expect(401);
    expect(admin.headers['www-authenticate']).to.equal('Basic realm="admin", charset="UTF-8"');
    await request(url).get('/admin').auth('foo', 'bar').expect(200, 'admin');
  });
});
