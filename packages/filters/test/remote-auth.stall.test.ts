import { runFilter } from '@streamfilter/core/testing';
import { remoteAuth, remoteBasicAuth } from '@streamfilter/filters';
import { expect } from 'chai';
import { AuthService, basic } from './support/auth-service';

/** Blocks the event loop, as a long synchronous task elsewhere in the app would. */
function stall(ms: number): void {
  const until = performance.now() + ms;
  while (performance.now() < until) {
    // busy
  }
}

describe('an auth answer that arrived in time, then an event-loop stall past timeoutMs', () => {
  let service: AuthService;

  beforeEach(async () => {
    service = await AuthService.start();
  });

  afterEach(async () => {
    await service.close();
  });

  it('is still an answer for remoteAuth, not a 503', async () => {
    service.answer = () => ({ status: 200 });
    const auth = remoteAuth({ url: service.url, allowedHeaders: [], timeoutMs: 50 });
    const result = runFilter(auth, {});
    // The service has written its answer; our side has not read it yet.
    await service.until((s) => s.calls === 1);
    stall(200);
    expect((await result).localReply).to.equal(undefined);
    expect(auth.stats).to.deep.include({ allowed: 1, errors: 0 });
  });

  it('is still an answer for remoteBasicAuth, not a 503', async () => {
    const auth = remoteBasicAuth({ url: service.url, timeoutMs: 50 });
    const result = runFilter(auth, { headers: { authorization: basic('foo', 'bar') } });
    await service.until((s) => s.calls === 1);
    stall(200);
    expect((await result).localReply).to.equal(undefined);
  });

  it('still times out a service that had not answered', async () => {
    service.mode = 'hold';
    const auth = remoteAuth({ url: service.url, allowedHeaders: [], timeoutMs: 50 });
    const result = runFilter(auth, {});
    await service.until((s) => s.inFlight === 1);
    stall(200);
    expect((await result).localReply?.code).to.equal(503);
  });
});
