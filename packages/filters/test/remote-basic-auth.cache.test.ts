import { setTimeout as sleep } from 'node:timers/promises';
import { AUTH_METADATA, type AuthInfo } from '@streamfilter/core';
import { FakeStream, type RunResult, runFilter } from '@streamfilter/core/testing';
import { remoteBasicAuth } from '@streamfilter/filters';
import { expect } from 'chai';
import { AuthService, basic } from './support/auth-service';

function as(username: string, password: string) {
  return { headers: { authorization: basic(username, password) } };
}

describe('remoteBasicAuth() decision cache', () => {
  let service: AuthService;

  beforeEach(async () => {
    service = await AuthService.start();
  });

  afterEach(async () => {
    await service.close();
  });

  it('reuses an allow decision within its TTL', async () => {
    const auth = remoteBasicAuth({ url: service.url, cache: true });
    for (let i = 0; i < 3; i++)
      expect((await runFilter(auth, as('foo', 'bar'))).localReply).to.equal(undefined);
    expect(service.calls).to.equal(1);
    expect(auth.stats).to.deep.include({ allowed: 3, cacheHits: 2, cacheMisses: 1 });
  });

  it('reuses a deny decision within its TTL', async () => {
    const auth = remoteBasicAuth({ url: service.url, cache: {} });
    for (let i = 0; i < 3; i++)
      expect((await runFilter(auth, as('foo', 'baz'))).localReply?.code).to.equal(401);
    expect(service.calls).to.equal(1);
    expect(auth.stats).to.deep.include({ denied: 3, cacheHits: 2 });
  });

  it('asks again once an allow decision expired', async () => {
    const auth = remoteBasicAuth({ url: service.url, cache: { allowTtlMs: 10 } });
    await runFilter(auth, as('foo', 'bar'));
    await sleep(40);
    await runFilter(auth, as('foo', 'bar'));
    expect(service.calls).to.equal(2);
  });

  it('asks again once a deny decision expired', async () => {
    const auth = remoteBasicAuth({ url: service.url, cache: { denyTtlMs: 10 } });
    await runFilter(auth, as('foo', 'baz'));
    await sleep(40);
    await runFilter(auth, as('foo', 'baz'));
    expect(service.calls).to.equal(2);
  });

  it('caches no denials with denyTtlMs: 0', async () => {
    const auth = remoteBasicAuth({ url: service.url, cache: { denyTtlMs: 0 } });
    await runFilter(auth, as('foo', 'baz'));
    await runFilter(auth, as('foo', 'baz'));
    expect(service.calls).to.equal(2);
  });

  it('never caches a failure', async () => {
    Object.assign(service, { mode: 'status', status: 500 });
    const auth = remoteBasicAuth({ url: service.url, cache: true });
    expect((await runFilter(auth, as('foo', 'bar'))).localReply?.code).to.equal(503);
    service.mode = 'accept';
    expect((await runFilter(auth, as('foo', 'bar'))).localReply).to.equal(undefined);
    expect(service.calls).to.equal(2);
  });

  it('holds at most maxEntries decisions, dropping the least recently used', async () => {
    service.users = { a: '1', b: '2', c: '3' };
    const auth = remoteBasicAuth({ url: service.url, cache: { maxEntries: 2 } });
    for (const [user, pass] of [
      ['a', '1'],
      ['b', '2'],
      ['c', '3'],
      ['a', '1'],
    ] as const) {
      await runFilter(auth, as(user, pass));
    }
    expect(service.calls).to.equal(4);
    expect(auth.config.cache?.size).to.equal(2);
  });

  it('keys entries by a keyed hash of the credentials, never the plaintext', async () => {
    const auth = remoteBasicAuth({ url: service.url, cache: true });
    await runFilter(auth, as('foo', 'bar'));
    const keys = auth.config.cache?.keys() ?? [];
    expect(keys).to.have.length(1);
    expect(keys[0]).to.match(/^[A-Za-z0-9_-]{43}$/);
    for (const secret of ['foo', 'bar', 'Zm9vOmJhcg']) expect(keys[0]).not.to.include(secret);
    const other = remoteBasicAuth({ url: service.url, cache: true });
    expect(other.config.cache?.keyOf('foo', 'bar')).not.to.equal(keys[0]);
  });

  it('gives parts that join to the same text different keys', () => {
    const cache = remoteBasicAuth({ url: service.url, cache: true }).config.cache!;
    const keys = [
      cache.keyOf('ab', 'c'),
      cache.keyOf('a', 'bc'),
      cache.keyOf('a\u0000', 'bc'),
      cache.keyOf('a', '\u0000bc'),
      cache.keyOf('abc'),
    ];
    expect(new Set(keys).size).to.equal(keys.length);
  });

  it('answers a cached decision synchronously', async () => {
    const auth = remoteBasicAuth({ url: service.url, cache: true });
    await runFilter(auth, as('foo', 'bar'));
    const stream = new FakeStream(auth).sendRequest(as('foo', 'bar'));
    expect(stream.request.ended).to.equal(true);
  });

  it('shares one auth call between identical concurrent checks', async () => {
    service.mode = 'hold';
    const auth = remoteBasicAuth({ url: service.url, cache: true });
    const results = Array.from({ length: 10 }, () => runFilter(auth, as('foo', 'bar')));
    await service.until((s) => s.inFlight === 1);
    service.release();
    const settled = await Promise.all(results);
    expect(settled.every((r) => r.localReply === undefined)).to.equal(true);
    expect(service.calls).to.equal(1);
    expect(auth.stats).to.deep.include({ allowed: 10, cacheMisses: 1, cacheHits: 9 });
  });

  it('keeps a shared call going when one of its clients disconnects', async () => {
    service.mode = 'hold';
    const auth = remoteBasicAuth({ url: service.url, cache: true });
    const leaving = new FakeStream(auth).sendRequest(as('foo', 'bar'));
    const staying = runFilter(auth, as('foo', 'bar'));
    await service.until((s) => s.inFlight === 1);
    leaving.disconnect();
    service.release();
    expect((await staying).localReply).to.equal(undefined);
    expect(service.aborted).to.equal(0);
    expect(service.calls).to.equal(1);
  });

  it('aborts a shared call once all its clients disconnected, and starts afresh after', async () => {
    service.mode = 'hold';
    const auth = remoteBasicAuth({ url: service.url, cache: true });
    const streams = [1, 2].map(() => new FakeStream(auth).sendRequest(as('foo', 'bar')));
    await service.until((s) => s.inFlight === 1);
    for (const stream of streams) stream.disconnect();
    await service.until((s) => s.aborted === 1);
    service.mode = 'accept';
    expect((await runFilter(auth, as('foo', 'bar'))).localReply).to.equal(undefined);
    expect(service.calls).to.equal(2);
    expect(auth.stats.errors).to.equal(0);
  });

  it('records where each decision came from under AUTH_METADATA: miss, hit, coalesced', async () => {
    service.mode = 'hold';
    const auth = remoteBasicAuth({ url: service.url, cache: true });
    const sourceOf = (result: RunResult) =>
      (result.streamInfo.metadata.get(AUTH_METADATA) as AuthInfo | undefined)?.cache;
    const concurrent = [runFilter(auth, as('foo', 'bar')), runFilter(auth, as('foo', 'bar'))];
    await service.until((s) => s.inFlight === 1);
    service.release();
    const settled = await Promise.all(concurrent);
    const later = await runFilter(auth, as('foo', 'bar'));
    expect([...settled, later].map(sourceOf)).to.deep.equal(['miss', 'coalesced', 'hit']);
    expect(later.streamInfo.metadata.get(AUTH_METADATA)).to.deep.include({
      filter: 'remoteBasicAuth',
      decision: 'allowed',
    });
  });

  it('records no cache source without a cache', async () => {
    const auth = remoteBasicAuth({ url: service.url });
    const result = await runFilter(auth, as('foo', 'bar'));
    const info = result.streamInfo.metadata.get(AUTH_METADATA) as AuthInfo | undefined;
    expect(info?.cache).to.equal(undefined);
  });
});
