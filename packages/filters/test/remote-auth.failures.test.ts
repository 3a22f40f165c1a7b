import { AUTH_METADATA } from '@streamfilter/core';
import { FakeStream, runFilter } from '@streamfilter/core/testing';
import { filterChain } from '@streamfilter/express';
import { remoteAuth } from '@streamfilter/filters';
import { expect } from 'chai';
import express from 'express';
import request from 'supertest';
import { type AuthMode, AuthService, closedPort } from './support/auth-service';

const TOKEN = { headers: { authorization: 'Bearer t' } };

describe('remoteAuth() when the auth service is in trouble', () => {
  let service: AuthService;

  beforeEach(async () => {
    service = await AuthService.start();
    service.answer = () => ({ status: 200 });
  });

  afterEach(async () => {
    await service.close();
  });

  const troubles: ReadonlyArray<readonly [string, (s: AuthService) => void]> = [
    ['answers 500', (s) => Object.assign(s, { mode: 'status' satisfies AuthMode, status: 500 })],
    ['answers 503', (s) => Object.assign(s, { mode: 'status' satisfies AuthMode, status: 503 })],
    ['redirects (302), which is not followed', (s) => Object.assign(s, { mode: 'redirect' })],
    ['answers with a body over maxResponseBytes', (s) => Object.assign(s, { mode: 'huge' })],
    ['resets the connection', (s) => Object.assign(s, { mode: 'reset' })],
    ['holds the check past timeoutMs', (s) => Object.assign(s, { mode: 'hold' })],
  ];

  for (const [what, breakService] of troubles) {
    it(`answers 503 with Retry-After when the service ${what}`, async () => {
      const auth = remoteAuth({
        url: service.url,
        allowedHeaders: ['authorization'],
        timeoutMs: 100,
      });
      breakService(service);
      const failed = await runFilter(auth, TOKEN);
      expect(failed.localReply?.code).to.equal(503);
      expect(failed.localReply?.body).to.equal('auth service unavailable');
      expect(failed.localReply?.headers.get('retry-after')).to.equal('1');
      expect(failed.streamInfo.metadata.get(AUTH_METADATA)).to.deep.equal({
        filter: 'remoteAuth',
        decision: 'error',
      });
      expect(auth.stats).to.deep.include({ errors: 1, denied: 0, allowed: 0 });
    });
  }

  it('answers 503 with Retry-After when nothing listens on the port', async () => {
    const url = `http://127.0.0.1:${await closedPort()}/check`;
    const auth = remoteAuth({ url, allowedHeaders: [] });
    const failed = await runFilter(auth, TOKEN);
    expect(failed.localReply?.code).to.equal(503);
    expect(failed.localReply?.headers.get('retry-after')).to.equal('1');
  });

  it('answers a real client 503 with Retry-After, and the app is not reached', async () => {
    service.mode = 'reset';
    let reached = false;
    const app = express();
    app.use(filterChain([remoteAuth({ url: service.url, allowedHeaders: ['authorization'] })]));
    app.get('/', (_req, res) => {
      reached = true;
      res.send('hello');
    });
    const res = await request(app).get('/').set('authorization', 'Bearer t').expect(503);
    expect(res.text).to.equal('auth service unavailable');
    expect(res.headers['retry-after']).to.equal('1');
    expect(reached).to.equal(false);
  });

  it('answers with failureStatus and retryAfterSeconds when configured', async () => {
    service.mode = 'reset';
    const auth = remoteAuth({
      url: service.url,
      allowedHeaders: [],
      failureStatus: 500,
      retryAfterSeconds: 30,
    });
    const failed = await runFilter(auth, TOKEN);
    expect(failed.localReply?.code).to.equal(500);
    expect(failed.localReply?.headers.get('retry-after')).to.equal('30');
  });

  it('sends no Retry-After with retryAfterSeconds: false', async () => {
    service.mode = 'reset';
    const auth = remoteAuth({ url: service.url, allowedHeaders: [], retryAfterSeconds: false });
    const failed = await runFilter(auth, TOKEN);
    expect(failed.localReply?.headers.has('retry-after')).to.equal(false);
  });

  it('fails open with failOpen: the request goes on, marked', async () => {
    Object.assign(service, { mode: 'status', status: 500 });
    const auth = remoteAuth({ url: service.url, allowedHeaders: [], failOpen: true });
    const result = await runFilter(auth, TOKEN);
    expect(result.localReply).to.equal(undefined);
    expect(result.request.headers?.get('x-auth-unavailable')).to.equal('true');
    expect(result.streamInfo.metadata.get(AUTH_METADATA)).to.deep.include({
      decision: 'fail_open',
    });
    expect(auth.stats).to.deep.include({ errors: 1, failOpen: 1 });
  });

  it('removes a client-sent fail-open marker from every request', async () => {
    const auth = remoteAuth({
      url: service.url,
      allowedHeaders: [],
      failOpen: true,
      failOpenHeader: 'x-degraded',
    });
    const result = await runFilter(auth, { headers: { 'x-degraded': 'true' } });
    expect(result.localReply).to.equal(undefined);
    expect(result.request.headers?.has('x-degraded')).to.equal(false);
  });

  it('aborts the check when the client disconnects, and answers nothing', async () => {
    service.mode = 'hold';
    // A deadline far away: only the disconnect can end the call.
    const auth = remoteAuth({ url: service.url, allowedHeaders: [], timeoutMs: 60_000 });
    const stream = new FakeStream(auth).sendRequest(TOKEN);
    await service.until((s) => s.inFlight === 1);
    stream.disconnect();
    await service.until((s) => s.aborted === 1);
    expect(stream.response).to.equal(undefined);
    expect(auth.stats).to.deep.include({ errors: 0, allowed: 0, denied: 0 });
  });
});
