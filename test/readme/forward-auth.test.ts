import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { remoteBasicAuth } from '@streamfilter/filters';
import { forwardAuth } from '@streamfilter/node';
import { expect } from 'chai';
import request from 'supertest';
import { loadConfig, startForwardAuth } from '../../packages/node/src/forward-auth/cli';

describe('README: forwardAuth', () => {
  it('serves a chain as the auth endpoint of nginx', async () => {
    const auth = forwardAuth(
      [
        remoteBasicAuth({
          url: 'http://127.0.0.1:10000/check',
          identityHeader: 'x-authenticated-user',
        }),
      ],
      { trustForwardedHeaders: true, proxy: 'nginx' },
    );
    const server = http.createServer(auth);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = server.address() as AddressInfo;
      const res = await request(`http://127.0.0.1:${port}`)
        .get('/_forward_auth')
        .set('x-original-uri', '/private')
        .set('x-original-method', 'GET')
        .expect(401);
      expect(res.headers['www-authenticate']).to.equal('Basic realm="Restricted", charset="UTF-8"');
    } finally {
      server.close();
    }
  });

  it('has a config module streamfilter-forward-auth loads and serves', async () => {
    const config = await loadConfig(path.join(__dirname, 'auth-config.ts'));
    const running = await startForwardAuth(config, '127.0.0.1', 0);
    try {
      await request(running.url).get('/_forward_auth').set('x-original-uri', '/a').expect(401);
    } finally {
      await running.close();
    }
  });
});
