import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { AUTH_METADATA } from '@streamfilter/core';
import { runFilter } from '@streamfilter/core/testing';
import { remoteAuth } from '@streamfilter/filters';
import { expect } from 'chai';
import request from 'supertest';
import { createApp } from './filters-remote-auth';

describe('README: remoteAuth', () => {
  let service: http.Server;
  let port: number;
  let checks = 0;

  before(async () => {
    // A token service: `Bearer good` is user 42, for a minute; anything else is refused.
    service = http.createServer((req, res) => {
      checks++;
      if (req.url === '/verify' && req.headers.authorization === 'Bearer good') {
        res.writeHead(200, { 'x-user-id': '42', 'cache-control': 'max-age=60' }).end();
      } else {
        res.writeHead(401, { 'www-authenticate': 'Bearer error="invalid_token"' }).end('nope');
      }
    });
    await new Promise<void>((resolve) => service.listen(0, '127.0.0.1', resolve));
    port = (service.address() as AddressInfo).port;
  });

  after(() => {
    service.closeAllConnections();
    service.close();
  });

  it('protects an app with Bearer tokens, passing the user id on', async () => {
    const app = createApp(`http://127.0.0.1:${port}/verify`);
    await request(app).get('/me').set('Authorization', 'Bearer good').expect(200, { user: '42' });
    await request(app).get('/me').set('Authorization', 'Bearer good').expect(200, { user: '42' });
    const denied = await request(app).get('/me').set('x-user-id', '1').expect(401, 'nope');
    expect(denied.headers['www-authenticate']).to.equal('Bearer error="invalid_token"');
    expect(checks).to.equal(2); // the second good token came from the cache
  });

  it('records the decision under AUTH_METADATA', async () => {
    const auth = remoteAuth({
      url: `http://127.0.0.1:${port}/verify`,
      allowedHeaders: ['authorization'],
      userHeader: 'x-user-id',
    });
    const result = await runFilter(auth, { headers: { authorization: 'Bearer good' } });
    expect(result.streamInfo.metadata.get(AUTH_METADATA)).to.deep.equal({
      filter: 'remoteAuth',
      decision: 'allowed',
      user: '42',
    });
  });
});
