import { runFilter } from '@streamfilter/core/testing';
import { remoteBasicAuth } from '@streamfilter/filters';
import { expect } from 'chai';
import { type AuthMode, AuthService, basic, closedPort } from './support/auth-service';

const FOO_BAR = { headers: { authorization: basic('foo', 'bar') } };

describe('remoteBasicAuth() when the auth service is in trouble', () => {
  let service: AuthService;

  beforeEach(async () => {
    service = await AuthService.start();
  });

  afterEach(async () => {
    await service.close();
  });

  const troubles: ReadonlyArray<readonly [string, (s: AuthService) => void]> = [
    ['answers 500', (s) => Object.assign(s, { mode: 'status' satisfies AuthMode, status: 500 })],
    ['answers 502', (s) => Object.assign(s, { mode: 'status' satisfies AuthMode, status: 502 })],
    ['redirects (302), which is not followed', (s) => Object.assign(s, { mode: 'redirect' })],
    ['answers with a body over maxResponseBytes', (s) => Object.assign(s, { mode: 'huge' })],
    ['resets the connection', (s) => Object.assign(s, { mode: 'reset' })],
    ['holds the check past timeoutMs', (s) => Object.assign(s, { mode: 'hold' })],
  ];

  for (const [what, breakService] of troubles) {
    it(`answers 503 when the service ${what}, and the next request still works`, async () => {
      const auth = remoteBasicAuth({ url: service.url, timeoutMs: 100 });
      breakService(service);
      const failed = await runFilter(auth, FOO_BAR);
      expect(failed.localReply?.code).to.equal(503);
      expect(failed.localReply?.body).to.equal('auth service unavailable');
      expect(failed.localReply?.headers.has('www-authenticate')).to.equal(false);
      expect(auth.stats).to.deep.include({ errors: 1, denied: 0, allowed: 0 });

      service.release();
      service.mode = 'accept';
      const next = await runFilter(auth, FOO_BAR);
      expect(next.localReply).to.equal(undefined);
      expect(auth.stats).to.deep.include({ errors: 1, allowed: 1 });
    });
  }

  it('answers 503 when nothing listens on the port, on every request', async () => {
    const auth = remoteBasicAuth({ host: '127.0.0.1', port: await closedPort() });
    for (let i = 0; i < 2; i++) {
      const result = await runFilter(auth, FOO_BAR);
      expect(result.localReply?.code).to.equal(503);
    }
    expect(auth.stats.errors).to.equal(2);
  });

  it('hangs up on a check it timed out', async () => {
    service.mode = 'hold';
    const auth = remoteBasicAuth({ url: service.url, timeoutMs: 50 });
    await runFilter(auth, FOO_BAR);
    await service.until((s) => s.aborted === 1);
    expect(service.inFlight).to.equal(0);
  });

  it('answers with failureStatus when configured', async () => {
    service.mode = 'reset';
    const auth = remoteBasicAuth({ url: service.url, failureStatus: 500 });
    const result = await runFilter(auth, FOO_BAR);
    expect(result.localReply?.code).to.equal(500);
  });

  it('treats a 4xx other than 401 as a wrong password, not as trouble', async () => {
    Object.assign(service, { mode: 'status', status: 403 });
    const auth = remoteBasicAuth({ url: service.url });
    const result = await runFilter(auth, FOO_BAR);
    expect(result.localReply?.code).to.equal(401);
    expect(result.localReply?.body).to.equal('invalid username or password');
    expect(auth.stats).to.deep.include({ errors: 0, denied: 1 });
  });

  describe('with failOpen', () => {
    it('lets the request through with x-auth-unavailable: true', async () => {
      Object.assign(service, { mode: 'status', status: 500 });
      const auth = remoteBasicAuth({ url: service.url, failOpen: true });
      const result = await runFilter(auth, FOO_BAR);
      expect(result.localReply).to.equal(undefined);
      expect(result.request.headers?.get('x-auth-unavailable')).to.equal('true');
      expect(auth.stats).to.deep.include({ errors: 1, failOpen: 1, allowed: 0 });
    });

    it('uses failOpenHeader as the marker', async () => {
      const auth = remoteBasicAuth({
        host: '127.0.0.1',
        port: await closedPort(),
        failOpen: true,
        failOpenHeader: 'X-Auth-Degraded',
      });
      const result = await runFilter(auth, FOO_BAR);
      expect(result.request.headers?.get('x-auth-degraded')).to.equal('true');
    });

    it('strips a client-sent marker from every request', async () => {
      const auth = remoteBasicAuth({ url: service.url, failOpen: true });
      const forged = { 'x-auth-unavailable': 'true' };
      const allowed = await runFilter(auth, { headers: { ...FOO_BAR.headers, ...forged } });
      expect(allowed.request.headers?.has('x-auth-unavailable')).to.equal(false);
      const denied = await runFilter(auth, { headers: forged });
      expect(denied.localReply?.code).to.equal(401);
    });

    it('still answers 401 to a wrong password', async () => {
      const auth = remoteBasicAuth({ url: service.url, failOpen: true });
      const result = await runFilter(auth, { headers: { authorization: basic('foo', 'baz') } });
      expect(result.localReply?.code).to.equal(401);
      expect(auth.stats.failOpen).to.equal(0);
    });
  });
});
