import { setTimeout as sleep } from 'node:timers/promises';
import { AUTH_METADATA } from '@streamfilter/core';
import { FakeStream, runFilter } from '@streamfilter/core/testing';
import { remoteAuth } from '@streamfilter/filters';
import { expect } from 'chai';
import { AuthService } from './support/auth-service';

const ALICE = { headers: { authorization: 'Bearer alice' } };
const BOB = { headers: { authorization: 'Bearer bob' } };

describe('remoteAuth() decision cache', () => {
  let service: AuthService;
  let cacheControl: string | undefined;

  beforeEach(async () => {
    service = await AuthService.start();
    cacheControl = undefined;
    service.answer = (check) => ({
      status: check.headers.authorization === 'Bearer alice' ? 200 : 401,
      headers: cacheControl === undefined ? {} : { 'cache-control': cacheControl },
    });
  });

  afterEach(async () => {
    await service.close();
  });

  const options = (cache: Parameters<typeof remoteAuth>[0]['cache']) =>
    remoteAuth({ url: service.url, allowedHeaders: ['authorization'], cache });

  it('reuses decisions, keyed by the forwarded headers, and says so in AUTH_METADATA', async () => {
    const auth = options(true);
    const first = await runFilter(auth, ALICE);
    const second = await runFilter(auth, ALICE);
    await runFilter(auth, BOB);
    expect(service.calls).to.equal(2);
    expect(first.streamInfo.metadata.get(AUTH_METADATA)).to.deep.include({ cache: 'miss' });
    expect(second.streamInfo.metadata.get(AUTH_METADATA)).to.deep.include({ cache: 'hit' });
    expect(second.localReply).to.equal(undefined);
    expect(auth.stats).to.deep.include({ cacheHits: 1, cacheMisses: 2 });
  });

  it("replays a cached denial with the service's status, body and headers", async () => {
    service.answer = () => ({ status: 401, headers: { 'www-authenticate': 'Bearer' }, body: 'no' });
    const auth = options(true);
    await runFilter(auth, BOB);
    const { localReply } = await runFilter(auth, BOB);
    expect(service.calls).to.equal(1);
    expect(localReply?.code).to.equal(401);
    expect(localReply?.body).to.equal('no');
    expect(localReply?.headers.get('www-authenticate')).to.equal('Bearer');
  });

  it('keys on the path too when it is forwarded', async () => {
    const auth = remoteAuth({
      url: service.url,
      allowedHeaders: ['authorization'],
      forwardMethodAndPath: 'headers',
      cache: true,
    });
    await runFilter(auth, { ...ALICE, path: '/a' });
    await runFilter(auth, { ...ALICE, path: '/b' });
    await runFilter(auth, { ...ALICE, path: '/a' });
    expect(service.calls).to.equal(2);
  });

  it('ignores Cache-Control without fromCacheControl', async () => {
    cacheControl = 'no-store';
    const auth = options(true);
    await runFilter(auth, ALICE);
    await runFilter(auth, ALICE);
    expect(service.calls).to.equal(1);
  });

  for (const directive of ['no-store', 'no-cache', 'private, max-age=60', 'max-age=0']) {
    it(`does not reuse an answer with Cache-Control: ${directive}`, async () => {
      cacheControl = directive;
      const auth = options({ fromCacheControl: true });
      await runFilter(auth, ALICE);
      await runFilter(auth, ALICE);
      expect(service.calls).to.equal(2);
    });
  }

  it("keeps an answer for the service's max-age, not the longer allowTtlMs", async () => {
    cacheControl = 'max-age=1';
    const auth = options({ fromCacheControl: true, allowTtlMs: 60_000 });
    await runFilter(auth, ALICE);
    await runFilter(auth, ALICE);
    expect(service.calls).to.equal(1);
    await sleep(1100);
    await runFilter(auth, ALICE);
    expect(service.calls).to.equal(2);
  });

  it('never keeps an answer longer than allowTtlMs, whatever max-age says', async () => {
    cacheControl = 'max-age=3600';
    const auth = options({ fromCacheControl: true, allowTtlMs: 20 });
    await runFilter(auth, ALICE);
    await sleep(60);
    await runFilter(auth, ALICE);
    expect(service.calls).to.equal(2);
  });

  it('prefers s-maxage to max-age', async () => {
    cacheControl = 'max-age=60, s-maxage=0';
    const auth = options({ fromCacheControl: true });
    await runFilter(auth, ALICE);
    await runFilter(auth, ALICE);
    expect(service.calls).to.equal(2);
  });

  it('shares one auth call between identical concurrent checks', async () => {
    service.mode = 'hold';
    const auth = options(true);
    const results = Array.from({ length: 5 }, () => runFilter(auth, ALICE));
    await service.until((s) => s.inFlight === 1);
    service.release();
    const settled = await Promise.all(results);
    expect(service.calls).to.equal(1);
    expect(settled.every((r) => r.localReply === undefined)).to.equal(true);
    const sources = settled.map(
      (r) => (r.streamInfo.metadata.get(AUTH_METADATA) as { cache: string }).cache,
    );
    expect(sources).to.deep.equal(['miss', 'coalesced', 'coalesced', 'coalesced', 'coalesced']);
  });

  it('keeps a shared call going when one of its clients disconnects', async () => {
    service.mode = 'hold';
    const auth = options(true);
    const leaving = new FakeStream(auth).sendRequest(ALICE);
    const staying = runFilter(auth, ALICE);
    await service.until((s) => s.inFlight === 1);
    leaving.disconnect();
    service.release();
    expect((await staying).localReply).to.equal(undefined);
    expect(service.aborted).to.equal(0);
  });
});
