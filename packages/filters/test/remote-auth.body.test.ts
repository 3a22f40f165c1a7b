import { runFilter } from '@streamfilter/core/testing';
import { filterChain } from '@streamfilter/express';
import { remoteAuth } from '@streamfilter/filters';
import { expect } from 'chai';
import express from 'express';
import request from 'supertest';
import { AuthService } from './support/auth-service';

/** Allows a body that says `{"amount":1}`, answering who the user is. */
function signedBodyService(check: { raw: string }) {
  return check.raw === '{"amount":1}'
    ? { status: 200, headers: { 'x-user-id': '7' } }
    : { status: 403, body: 'bad body' };
}

describe('remoteAuth() with forwardBody', () => {
  let service: AuthService;

  beforeEach(async () => {
    service = await AuthService.start();
    service.answer = signedBodyService;
  });

  afterEach(async () => {
    await service.close();
  });

  function appWith(auth: ReturnType<typeof remoteAuth>) {
    const app = express();
    app.use(filterChain([auth]));
    app.post('/pay', express.text({ type: '*/*' }), (req, res) => {
      res.json({ user: req.headers['x-user-id'], body: req.body });
    });
    return app;
  }

  it('sends the body to the service (POST), then the app gets it, with the upstream headers', async () => {
    const auth = remoteAuth({
      url: service.url,
      allowedHeaders: ['content-type'],
      forwardBody: true,
      upstreamHeaders: ['x-user-id'],
    });
    const res = await request(appWith(auth))
      .post('/pay')
      .set('content-type', 'application/json')
      .send('{"amount":1}')
      .expect(200);
    expect(res.body).to.deep.equal({ user: '7', body: '{"amount":1}' });
    expect(service.checks[0]?.method).to.equal('POST');
    expect(service.checks[0]?.headers['content-type']).to.equal('application/json');
  });

  it('denies on what the body says', async () => {
    const auth = remoteAuth({ url: service.url, allowedHeaders: [], forwardBody: true });
    await request(appWith(auth)).post('/pay').send('{"amount":1000}').expect(403, 'bad body');
  });

  it('answers 413 to a Content-Length over maxBodyBytes, without asking the service', async () => {
    const auth = remoteAuth({
      url: service.url,
      allowedHeaders: [],
      forwardBody: true,
      maxBodyBytes: 16,
    });
    await request(appWith(auth)).post('/pay').send('x'.repeat(17)).expect(413);
    expect(service.calls).to.equal(0);
  });

  it('answers 413 to a chunked body over maxBodyBytes, without asking the service', async () => {
    const auth = remoteAuth({
      url: service.url,
      allowedHeaders: [],
      forwardBody: true,
      maxBodyBytes: 16,
    });
    const result = await runFilter(auth, {
      method: 'POST',
      body: ['x'.repeat(10), 'y'.repeat(10)],
    });
    expect(result.localReply?.code).to.equal(413);
    expect(service.calls).to.equal(0);
  });

  it('lets a body of exactly maxBodyBytes through to the check', async () => {
    service.answer = () => ({ status: 200 });
    const auth = remoteAuth({
      url: service.url,
      allowedHeaders: [],
      forwardBody: true,
      maxBodyBytes: 16,
    });
    const result = await runFilter(auth, { method: 'POST', body: ['x'.repeat(8), 'y'.repeat(8)] });
    expect(result.localReply).to.equal(undefined);
    expect(service.checks[0]?.raw).to.equal(`${'x'.repeat(8)}${'y'.repeat(8)}`);
  });

  it('checks a request without a body at once, with a GET', async () => {
    service.answer = () => ({ status: 200 });
    const auth = remoteAuth({ url: service.url, allowedHeaders: [], forwardBody: true });
    expect((await runFilter(auth, { method: 'GET' })).localReply).to.equal(undefined);
    expect(service.checks[0]?.method).to.equal('GET');
  });

  it('sends no body without forwardBody', async () => {
    service.answer = (check) => ({ status: check.raw === '' ? 200 : 400 });
    const auth = remoteAuth({ url: service.url, allowedHeaders: [] });
    const result = await runFilter(auth, { method: 'POST', body: '{"amount":1}' });
    expect(result.localReply).to.equal(undefined);
    expect(result.request.body.toString()).to.equal('{"amount":1}');
  });
});
