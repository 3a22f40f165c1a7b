import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { StreamFilterError } from '@streamfilter/core';
import { runFilter } from '@streamfilter/core/testing';
import { type RemoteBasicAuthOptions, remoteBasicAuth } from '@streamfilter/filters';
import { expect } from 'chai';
import { AuthService, basic } from './support/auth-service';

const WRONG = { headers: { authorization: basic('foo', 'wrong') } };
const PROXY_VARIABLES = [
  'HTTP_PROXY',
  'http_proxy',
  'HTTPS_PROXY',
  'https_proxy',
  'NO_PROXY',
  'no_proxy',
];

/** A forward proxy on loopback that lets everything in: it answers 200 to whatever it is sent. */
class PermissiveProxy {
  readonly received: string[] = [];
  readonly #server = http.createServer((req, res) => {
    this.received.push(req.url ?? '');
    req.resume();
    req.on('end', () => res.end('ok'));
  });

  async start(): Promise<this> {
    await new Promise<void>((resolve) => this.#server.listen(0, '127.0.0.1', resolve));
    return this;
  }

  get port(): number {
    return (this.#server.address() as AddressInfo).port;
  }

  async close(): Promise<void> {
    this.#server.closeAllConnections();
    await new Promise<void>((resolve) => this.#server.close(() => resolve()));
  }
}

describe('remoteBasicAuth() and HTTP proxies', () => {
  let service: AuthService;
  let proxy: PermissiveProxy;
  const saved: Record<string, string | undefined> = {};

  beforeEach(async () => {
    service = await AuthService.start();
    proxy = await new PermissiveProxy().start();
    for (const name of PROXY_VARIABLES) {
      saved[name] = process.env[name];
      delete process.env[name];
    }
    process.env.HTTP_PROXY = `http://127.0.0.1:${proxy.port}`;
    process.env.HTTPS_PROXY = `http://127.0.0.1:${proxy.port}`;
  });

  afterEach(async () => {
    for (const name of PROXY_VARIABLES) {
      if (saved[name] === undefined) delete process.env[name];
      else process.env[name] = saved[name];
    }
    await Promise.all([service.close(), proxy.close()]);
  });

  it('ignores HTTP_PROXY: the credentials go straight to the auth service', async () => {
    const auth = remoteBasicAuth({ url: service.url });
    const result = await runFilter(auth, WRONG);
    expect(result.localReply?.code).to.equal(401);
    expect(proxy.received).to.deep.equal([]);
    expect(service.calls).to.equal(1);
  });

  it('goes through the proxy given as the proxy option', async () => {
    delete process.env.HTTP_PROXY;
    delete process.env.HTTPS_PROXY;
    const auth = remoteBasicAuth({
      url: service.url,
      proxy: { host: '127.0.0.1', port: proxy.port, protocol: 'http' },
    });
    const result = await runFilter(auth, WRONG);
    expect(result.localReply).to.equal(undefined);
    expect(proxy.received).to.deep.equal([service.url]);
    expect(service.calls).to.equal(0);
  });

  const bad: ReadonlyArray<readonly [string, unknown, string]> = [
    ['not an object', 'http://proxy:3128', '"proxy" must be false or { host, port, protocol? }'],
    ['without a port', { host: '127.0.0.1' }, 'remoteBasicAuth.proxy: "port" must be an integer'],
    ['with a bad protocol', { host: 'p', port: 1, protocol: 'socks' }, '"protocol" must be'],
    ['with an unknown key', { host: 'p', port: 1, auth: {} }, '"auth" is not an option'],
  ];
  for (const [what, value, message] of bad) {
    it(`refuses a proxy ${what}`, () => {
      const options = { url: service.url, proxy: value } as RemoteBasicAuthOptions;
      expect(() => remoteBasicAuth(options))
        .to.throw(StreamFilterError, message)
        .with.property('code', 'ERR_FILTER_CONFIG');
    });
  }
});
