import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { basicAuth } from '@streamfilter/filters';
import { withFilters } from '@streamfilter/node';
import { expect } from 'chai';

function get(port: number, headers: Record<string, string> = {}) {
  return new Promise<{ status: number; body: string }>((resolve, reject) => {
    http
      .get({ host: '127.0.0.1', port, path: '/', headers }, (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (chunk) => {
          body += chunk;
        });
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      })
      .on('error', reject);
  });
}

describe('README: @streamfilter/node', () => {
  it('wraps a bare node:http listener in a filter chain', async () => {
    const auth = basicAuth({ users: { alice: 'wonderland' }, identityHeader: 'x-user' });
    const server = http.createServer(
      withFilters([auth], (req, res) => {
        res.end(`hello ${req.headers['x-user']}\n`);
      }),
    );
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    try {
      expect((await get(port)).status).to.equal(401);
      const alice = `Basic ${Buffer.from('alice:wonderland').toString('base64')}`;
      expect(await get(port, { authorization: alice })).to.deep.equal({
        status: 200,
        body: 'hello alice\n',
      });
    } finally {
      server.close();
    }
  });
});
