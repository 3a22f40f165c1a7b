import { runFilter } from '@streamfilter/core/testing';
import { filterChain } from '@streamfilter/express';
import { remoteBasicAuth } from '@streamfilter/filters';
import { expect } from 'chai';
import express from 'express';
import request from 'supertest';
import { AuthService, basic, closedPort } from './support/auth-service';

const FOO_BAR = basic('foo', 'bar');

describe('remoteBasicAuth() request and response headers', () => {
  let service: AuthService;

  beforeEach(async () => {
    service = await AuthService.start();
  });

  afterEach(async () => {
    await service.close();
  });

  describe('identityHeader', () => {
    it('sets the username on allow, replacing a client-sent value', async () => {
      const auth = remoteBasicAuth({ url: service.url, identityHeader: 'x-authenticated-user' });
      const result = await runFilter(auth, {
        headers: { authorization: FOO_BAR, 'x-authenticated-user': 'admin' },
      });
      expect(result.request.headers?.values('x-authenticated-user')).to.deep.equal(['foo']);
    });

    it('removes a client-sent value on a request that fails open', async () => {
      const auth = remoteBasicAuth({
        host: '127.0.0.1',
        port: await closedPort(),
        identityHeader: 'x-authenticated-user',
        failOpen: true,
      });
      const result = await runFilter(auth, {
        headers: { authorization: FOO_BAR, 'x-authenticated-user': 'admin' },
      });
      expect(result.request.headers?.get('x-auth-unavailable')).to.equal('true');
      expect(result.request.headers?.has('x-authenticated-user')).to.equal(false);
    });

    it('percent-encodes a username that is not printable ASCII, reversibly', async () => {
      service.users = { 'jürgen 100%': 'pw' };
      const auth = remoteBasicAuth({ url: service.url, identityHeader: 'x-user' });
      const result = await runFilter(auth, {
        headers: { authorization: basic('jürgen 100%', 'pw') },
      });
      const value = result.request.headers?.get('x-user') ?? '';
      expect(value).to.equal('j%C3%BCrgen 100%25');
      expect(decodeURIComponent(value)).to.equal('jürgen 100%');
    });

    it('reaches the Express handler, and a forged one never does', async () => {
      const app = express();
      app.use(filterChain([remoteBasicAuth({ url: service.url, identityHeader: 'x-user' })]));
      app.get('/', (req, res) => {
        res.send(String(req.headers['x-user']));
      });
      await request(app)
        .get('/')
        .set('Authorization', FOO_BAR)
        .set('x-user', 'root')
        .expect(200, 'foo');
      await request(app).get('/').set('x-user', 'root').expect(401);
    });
  });

  describe('copyResponseHeaders', () => {
    it('copies allow-listed headers of the service 200 onto the request, and no others', async () => {
      service.responseHeaders = { 'x-user-id': '42', 'x-roles': 'admin', 'x-secret': 'no' };
      const auth = remoteBasicAuth({
        url: service.url,
        copyResponseHeaders: ['X-User-Id', 'x-roles'],
      });
      const result = await runFilter(auth, {
        headers: { authorization: FOO_BAR, 'x-roles': 'root' },
      });
      const headers = result.request.headers;
      expect(headers?.get('x-user-id')).to.equal('42');
      expect(headers?.values('x-roles')).to.deep.equal(['admin']);
      expect(headers?.has('x-secret')).to.equal(false);
    });

    it('removes client-sent copies even when the service does not send the header', async () => {
      const auth = remoteBasicAuth({ url: service.url, copyResponseHeaders: ['x-roles'] });
      const result = await runFilter(auth, {
        headers: { authorization: FOO_BAR, 'x-roles': 'root' },
      });
      expect(result.request.headers?.has('x-roles')).to.equal(false);
    });

    it('copies the same headers on a cached allow', async () => {
      service.responseHeaders = { 'x-user-id': '42' };
      const auth = remoteBasicAuth({
        url: service.url,
        copyResponseHeaders: ['x-user-id'],
        cache: true,
      });
      await runFilter(auth, { headers: { authorization: FOO_BAR } });
      const cached = await runFilter(auth, { headers: { authorization: FOO_BAR } });
      expect(cached.request.headers?.get('x-user-id')).to.equal('42');
      expect(service.calls).to.equal(1);
    });
  });

  describe('forwardHeaders', () => {
    it('sends allow-listed request headers to the service, and no others', async () => {
      const auth = remoteBasicAuth({ url: service.url, forwardHeaders: ['x-request-id'] });
      await runFilter(auth, {
        headers: { authorization: FOO_BAR, 'x-request-id': 'abc-123', cookie: 'session=1' },
      });
      const [check] = service.checks;
      expect(check?.headers['x-request-id']).to.equal('abc-123');
      expect(check?.headers).not.to.have.property('cookie');
      expect(check?.headers).not.to.have.property('authorization');
    });
  });

  describe('stripAuthorization', () => {
    it('removes Authorization before the app on allow', async () => {
      const auth = remoteBasicAuth({ url: service.url, stripAuthorization: true });
      const result = await runFilter(auth, { headers: { authorization: FOO_BAR } });
      expect(result.localReply).to.equal(undefined);
      expect(result.request.headers?.has('authorization')).to.equal(false);
    });

    it('keeps Authorization by default', async () => {
      const auth = remoteBasicAuth({ url: service.url });
      const result = await runFilter(auth, { headers: { authorization: FOO_BAR } });
      expect(result.request.headers?.get('authorization')).to.equal(FOO_BAR);
    });

    it('removes Authorization on a request that fails open too', async () => {
      const auth = remoteBasicAuth({
        host: '127.0.0.1',
        port: await closedPort(),
        stripAuthorization: true,
        failOpen: true,
      });
      const result = await runFilter(auth, { headers: { authorization: FOO_BAR } });
      expect(result.request.headers?.has('authorization')).to.equal(false);
    });
  });

  describe('realm', () => {
    it('escapes quotes and backslashes in the challenge', async () => {
      const auth = remoteBasicAuth({ url: service.url, realm: 'say "hi" \\ bye' });
      const result = await runFilter(auth, {});
      expect(result.localReply?.headers.get('www-authenticate')).to.equal(
        'Basic realm="say \\"hi\\" \\\\ bye", charset="UTF-8"',
      );
    });

    it('sends the challenge on a wrong password too', async () => {
      const auth = remoteBasicAuth({ url: service.url, realm: 'api' });
      const result = await runFilter(auth, { headers: { authorization: basic('foo', 'nope') } });
      expect(result.localReply?.headers.get('www-authenticate')).to.equal(
        'Basic realm="api", charset="UTF-8"',
      );
    });

    it('takes a per-route override through Express route()', async () => {
      const chain = filterChain([remoteBasicAuth({ url: service.url, realm: 'api' })]);
      const app = express();
      app.get('/admin', chain.route({ remoteBasicAuth: { realm: 'admin' } }), (_req, res) => {
        res.send('admin');
      });
      app.get('/', chain, (_req, res) => {
        res.send('api');
      });
      const admin = await request(app).get('/admin').expect(401);
      expect(admin.headers['www-authenticate']).to.equal('Basic realm="admin", charset="UTF-8"');
      const api = await request(app).get('/').expect(401);
      expect(api.headers['www-authenticate']).to.equal('Basic realm="api", charset="UTF-8"');
      await request(app).get('/admin').set('Authorization', FOO_BAR).expect(200, 'admin');
    });
  });
});
