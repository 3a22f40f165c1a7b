import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { FakeStream, runFilter } from '@streamfilter/core/testing';
import { filterChain } from '@streamfilter/express';
import { remoteBasicAuth } from '@streamfilter/filters';
import { expect } from 'chai';
import express from 'express';
import request from 'supertest';
import { AuthService, basic } from './support/auth-service';

const N = 25;

function users(n: number): Record<string, string> {
  return Object.fromEntries(Array.from({ length: n }, (_, i) => [`user${i}`, `pass${i}`]));
}

describe('remoteBasicAuth() under concurrency', () => {
  let service: AuthService;
  let server: http.Server | undefined;

  beforeEach(async () => {
    service = await AuthService.start();
    service.mode = 'hold';
    service.users = users(N);
  });

  afterEach(async () => {
    server?.closeAllConnections();
    server?.close();
    server = undefined;
    await service.close();
  });

  async function listen(app: express.Express): Promise<http.Server> {
    const listening = http.createServer(app);
    await new Promise<void>((resolve) => listening.listen(0, '127.0.0.1', resolve));
    server = listening;
    return listening;
  }

  it('keeps many checks in flight at the service at once (runFilter)', async () => {
    const auth = remoteBasicAuth({ url: service.url });
    const results = Array.from({ length: N }, (_, i) =>
      runFilter(auth, { headers: { authorization: basic(`user${i}`, `pass${i}`) } }),
    );
    await service.until((s) => s.inFlight === N);
    service.release();
    const settled = await Promise.all(results);
    expect(service.maxInFlight).to.equal(N);
    expect(settled.every((r) => r.localReply === undefined)).to.equal(true);
    expect(auth.stats.allowed).to.equal(N);
  });

  it('keeps many checks in flight at the service at once (Express)', async () => {
    const app = express();
    app.use(filterChain([remoteBasicAuth({ url: service.url, timeoutMs: 60_000 })]));
    app.get('/', (_req, res) => {
      res.send('hello');
    });
    const listening = await listen(app);
    const responses = Array.from({ length: N }, (_, i) =>
      request(listening)
        .get('/')
        .set('Authorization', basic(`user${i}`, `pass${i}`))
        .then((r) => r),
    );
    await service.until((s) => s.inFlight === N);
    service.release();
    const statuses = (await Promise.all(responses)).map((r) => r.status);
    expect(statuses).to.deep.equal(Array(N).fill(200));
    expect(service.maxInFlight).to.equal(N);
  });

  it('aborts the check when the client disconnects (FakeStream), and counts nothing', async () => {
    // A deadline far away: only the disconnect can end the call.
    const auth = remoteBasicAuth({ url: service.url, timeoutMs: 60_000 });
    const stream = new FakeStream(auth);
    stream.sendRequest({ headers: { authorization: basic('user0', 'pass0') } });
    await service.until((s) => s.inFlight === 1);
    stream.disconnect();
    await service.until((s) => s.aborted === 1);
    expect(stream.response).to.equal(undefined);
    expect(auth.stats).to.deep.include({ allowed: 0, denied: 0, errors: 0 });
    expect(stream.logs.filter((l) => l.level !== 'debug')).to.deep.equal([]);
  });

  it('aborts the check when a real client hangs up (Express), and keeps serving', async () => {
    const app = express();
    app.use(filterChain([remoteBasicAuth({ url: service.url, timeoutMs: 60_000 })]));
    app.get('/', (_req, res) => {
      res.send('hello');
    });
    const listening = await listen(app);
    const { port } = listening.address() as AddressInfo;
    const hangUp = http.get({
      host: '127.0.0.1',
      port,
      path: '/',
      headers: { authorization: basic('user0', 'pass0') },
    });
    hangUp.on('error', () => {});
    await service.until((s) => s.inFlight === 1);
    hangUp.destroy();
    await service.until((s) => s.aborted === 1);

    service.mode = 'accept';
    await request(listening).get('/').set('Authorization', basic('user1', 'pass1')).expect(200);
  });
});
