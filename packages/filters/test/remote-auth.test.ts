import { AUTH_METADATA } from '@streamfilter/core';
import { runFilter } from '@streamfilter/core/testing';
import { remoteAuth } from '@streamfilter/filters';
import { expect } from 'chai';
import { AuthService, type CheckAnswer, type ReceivedCheck } from './support/auth-service';

const GOOD = { authorization: 'Bearer good-token' };
const BAD = { authorization: 'Bearer bad-token' };

/** Allows `Bearer good-token` as user 42; denies anything else the way an OAuth server would. */
function bearerService(check: ReceivedCheck): CheckAnswer {
  if (check.headers.authorization === 'Bearer good-token') {
    return { status: 200, headers: { 'x-user-id': '42', 'x-internal': 'no' }, body: 'ok' };
  }
  return {
    status: 401,
    headers: {
      'www-authenticate': 'Bearer error="invalid_token"',
      'content-type': 'application/json',
      'set-cookie': ['session=; Max-Age=0'],
      'x-internal': 'secret',
    },
    body: '{"error":"invalid_token"}',
  };
}

describe('remoteAuth()', () => {
  let service: AuthService;

  beforeEach(async () => {
    service = await AuthService.start();
    service.answer = bearerService;
  });

  afterEach(async () => {
    await service.close();
  });

  it('lets a request with an accepted Bearer token through', async () => {
    const auth = remoteAuth({ url: service.url, allowedHeaders: ['authorization'] });
    const result = await runFilter(auth, { headers: GOOD });
    expect(result.localReply).to.equal(undefined);
    expect(result.request.ended).to.equal(true);
    expect(service.checks[0]?.method).to.equal('GET');
    expect(auth.stats).to.deep.include({ allowed: 1, denied: 0 });
  });

  it('lets a CORS preflight through unchecked with allowPreflight, and only a preflight', async () => {
    const auth = remoteAuth({
      url: service.url,
      allowedHeaders: ['authorization'],
      allowPreflight: true,
    });
    const preflight = await runFilter(auth, {
      method: 'OPTIONS',
      headers: { 'access-control-request-method': 'POST' },
    });
    expect(preflight.localReply).to.equal(undefined);
    expect(service.checks).to.have.length(0);
    const options = await runFilter(auth, { method: 'OPTIONS' });
    expect(options.localReply?.code).to.equal(401);
    expect(service.checks).to.have.length(1);
  });

  it("passes a denial on to the client: the service's status, body and allow-listed headers", async () => {
    const auth = remoteAuth({ url: service.url, allowedHeaders: ['authorization'] });
    const { localReply } = await runFilter(auth, { headers: BAD });
    expect(localReply?.code).to.equal(401);
    expect(localReply?.body).to.equal('{"error":"invalid_token"}');
    expect(localReply?.headers.get('www-authenticate')).to.equal('Bearer error="invalid_token"');
    expect(localReply?.headers.get('content-type')).to.equal('application/json');
    expect(localReply?.headers.has('set-cookie')).to.equal(false);
    expect(localReply?.headers.has('x-internal')).to.equal(false);
    expect(auth.stats).to.deep.include({ allowed: 0, denied: 1 });
  });

  it('passes the headers listed in clientHeaders, and only those', async () => {
    const auth = remoteAuth({
      url: service.url,
      allowedHeaders: ['authorization'],
      clientHeaders: ['set-cookie'],
    });
    const { localReply } = await runFilter(auth, { headers: BAD });
    expect(localReply?.headers.values('set-cookie')).to.deep.equal(['session=; Max-Age=0']);
    expect(localReply?.headers.has('www-authenticate')).to.equal(false);
  });

  it('passes a 403 on as a 403', async () => {
    service.answer = () => ({ status: 403, body: 'forbidden' });
    const auth = remoteAuth({ url: service.url, allowedHeaders: ['authorization'] });
    const { localReply } = await runFilter(auth, { headers: GOOD });
    expect(localReply?.code).to.equal(403);
    expect(localReply?.body).to.equal('forbidden');
  });

  it('sends the service the allow-listed request headers and nothing else', async () => {
    const auth = remoteAuth({ url: service.url, allowedHeaders: ['Authorization', 'x-api-key'] });
    await runFilter(auth, {
      headers: { ...GOOD, cookie: 'sid=1', 'x-api-key': 'k', 'x-other': 'o' },
    });
    const sent = service.checks[0]?.headers ?? {};
    expect(sent).to.include({ authorization: 'Bearer good-token', 'x-api-key': 'k' });
    expect(sent).not.to.have.any.keys('cookie', 'x-other');
  });

  it('forwards Cookie only when it is listed', async () => {
    service.answer = (check) => ({ status: check.headers.cookie === 'sid=1' ? 200 : 401 });
    const withCookie = remoteAuth({ url: service.url, allowedHeaders: ['cookie'] });
    const without = remoteAuth({ url: service.url, allowedHeaders: ['authorization'] });
    const request = { headers: { cookie: 'sid=1' } };
    expect((await runFilter(withCookie, request)).localReply).to.equal(undefined);
    expect((await runFilter(without, request)).localReply?.code).to.equal(401);
  });

  it('joins several Cookie headers into one cookie-string for the service', async () => {
    service.answer = () => ({ status: 200 });
    const auth = remoteAuth({ url: service.url, allowedHeaders: ['cookie', 'x-tag'] });
    await runFilter(auth, { headers: { cookie: ['a=1', 'b=2'], 'x-tag': ['x', 'y'] } });
    expect(service.checks[0]?.headers).to.include({ cookie: 'a=1; b=2', 'x-tag': 'x, y' });
  });

  it("copies the service's upstreamHeaders onto the request, and only those", async () => {
    const auth = remoteAuth({
      url: service.url,
      allowedHeaders: ['authorization'],
      upstreamHeaders: ['x-user-id'],
    });
    const { request } = await runFilter(auth, { headers: GOOD });
    expect(request.headers?.get('x-user-id')).to.equal('42');
    expect(request.headers?.has('x-internal')).to.equal(false);
  });

  it('removes client-sent copies of the upstreamHeaders from every request', async () => {
    service.answer = () => ({ status: 200 });
    const auth = remoteAuth({
      url: service.url,
      allowedHeaders: ['authorization'],
      upstreamHeaders: ['x-user-id'],
    });
    const forged = { ...GOOD, 'x-user-id': 'admin' };
    const { request } = await runFilter(auth, { headers: forged });
    expect(request.headers?.has('x-user-id')).to.equal(false);
    expect(service.checks[0]?.headers).not.to.have.property('x-user-id');
  });

  it('records the decision and the user under AUTH_METADATA', async () => {
    const auth = remoteAuth({
      url: service.url,
      allowedHeaders: ['authorization'],
      userHeader: 'x-user-id',
    });
    const allowed = await runFilter(auth, { headers: GOOD });
    expect(allowed.streamInfo.metadata.get(AUTH_METADATA)).to.deep.equal({
      filter: 'remoteAuth',
      decision: 'allowed',
      user: '42',
    });
    const denied = await runFilter(auth, { headers: BAD });
    expect(denied.streamInfo.metadata.get(AUTH_METADATA)).to.deep.equal({
      filter: 'remoteAuth',
      decision: 'denied',
    });
  });

  describe('forwardMethodAndPath', () => {
    const request = { method: 'DELETE', path: '/orders/7?force=1', headers: GOOD };

    it('"headers": sends x-original-method and x-original-uri', async () => {
      const auth = remoteAuth({
        url: service.url,
        allowedHeaders: ['authorization'],
        forwardMethodAndPath: 'headers',
      });
      await runFilter(auth, request);
      const check = service.checks[0];
      expect(check?.method).to.equal('GET');
      expect(check?.url).to.equal('/check');
      expect(check?.headers).to.include({
        'x-original-method': 'DELETE',
        'x-original-uri': '/orders/7?force=1',
      });
    });

    it('"path": uses the original method, and the original path after the check path', async () => {
      const auth = remoteAuth({
        url: service.url,
        allowedHeaders: ['authorization'],
        forwardMethodAndPath: 'path',
      });
      await runFilter(auth, request);
      const check = service.checks[0];
      expect(check?.method).to.equal('DELETE');
      expect(check?.url).to.equal('/check/orders/7?force=1');
      expect(check?.headers).not.to.have.property('x-original-uri');
    });

    for (const path of ['//evil.example/x', 'http://evil.example/x', '@evil.example/x']) {
      it(`"path": keeps the check on the service's host for a request path "${path}"`, async () => {
        const auth = remoteAuth({
          url: service.url,
          allowedHeaders: ['authorization'],
          forwardMethodAndPath: 'path',
        });
        await runFilter(auth, { path, headers: GOOD });
        expect(service.calls).to.equal(1);
        expect(service.checks[0]?.url).to.match(/^\/check\//);
      });
    }

    it('"path": keeps the check on the service\'s host when the check URL has no path', async () => {
      const auth = remoteAuth({
        url: `http://127.0.0.1:${service.port}`,
        allowedHeaders: ['authorization'],
        forwardMethodAndPath: 'path',
      });
      await runFilter(auth, { path: '@evil.example/x', headers: GOOD });
      expect(service.calls).to.equal(1);
      expect(service.checks[0]?.url).to.equal('/@evil.example/x');
    });

    it('is off by default: no original method or path reaches the service', async () => {
      const auth = remoteAuth({ url: service.url, allowedHeaders: ['authorization'] });
      await runFilter(auth, request);
      expect(service.checks[0]?.url).to.equal('/check');
      expect(service.checks[0]?.headers).not.to.have.any.keys(
        'x-original-method',
        'x-original-uri',
      );
    });
  });
});
