import { runFilter } from '@streamfilter/core/testing';
import { filterChain } from '@streamfilter/express';
import { remoteBasicAuth } from '@streamfilter/filters';
import { expect } from 'chai';
import express from 'express';
import request from 'supertest';
import { AuthService, basic } from './support/auth-service';

describe('remoteBasicAuth() with hostile credentials', () => {
  let service: AuthService;

  beforeEach(async () => {
    service = await AuthService.start();
  });

  afterEach(async () => {
    await service.close();
  });

  async function send(authorization: string | string[]) {
    const auth = remoteBasicAuth({ url: service.url });
    return runFilter(auth, { headers: { authorization } });
  }

  const passedThrough: ReadonlyArray<readonly [string, string, string]> = [
    ['a double quote in the username', 'fo"o', 'bar'],
    ['a JSON injection attempt', 'foo","admin', 'x","admin":true,"y":"'],
    ['backslashes', 'fo\\o', 'b\\"ar\\'],
    ['unicode (accents, CJK, emoji)', 'jürgen-用户', 'pässwörd-🔑'],
    ['a colon inside the password', 'foo', 'b:a:r:'],
    ['an 8 KB username', 'u'.repeat(8 * 1024), 'bar'],
    ['an empty username', '', 'bar'],
    ['an empty password', 'foo', ''],
  ];

  for (const [what, username, password] of passedThrough) {
    it(`sends ${what} to the auth service exactly, and denies with 401`, async () => {
      const result = await send(basic(username, password));
      expect(result.localReply?.code).to.equal(401);
      expect(result.localReply?.body).to.equal('invalid username or password');
      expect(service.checks).to.have.length(1);
      expect(service.checks[0]?.body).to.deep.equal({ username, password });
    });
  }

  it('allows unicode credentials the service knows, byte for byte', async () => {
    service.users = { 'jürgen-用户': 'pässwörd-🔑' };
    const result = await send(basic('jürgen-用户', 'pässwörd-🔑'));
    expect(result.localReply).to.equal(undefined);
    expect(result.request.ended).to.equal(true);
  });

  const malformed: ReadonlyArray<readonly [string, string | string[]]> = [
    ['invalid base64', 'Basic Zm9v!mJhcg=='],
    ['"Basic" with nothing after it', 'Basic'],
    ['another scheme ("Bearer x")', 'Bearer x'],
    ['a control character in the password', basic('foo', 'b\rar')],
    ['a NUL in the username', basic('f\0oo', 'bar')],
    ['no colon at all', `Basic ${Buffer.from('foobar').toString('base64')}`],
    ['two Authorization headers', [basic('foo', 'bar'), basic('foo', 'bar')]],
  ];

  for (const [what, authorization] of malformed) {
    it(`answers 401 "invalid Authorization format" to ${what}, without calling the service`, async () => {
      const result = await send(authorization);
      expect(result.localReply?.code).to.equal(401);
      expect(result.localReply?.body).to.equal('invalid Authorization format');
      expect(result.localReply?.headers.get('www-authenticate')).to.equal(
        'Basic realm="Restricted", charset="UTF-8"',
      );
      expect(service.calls).to.equal(0);
    });
  }

  // Node keeps only the first Authorization in req.headers; values() still reports both.
  it('answers 401 "invalid Authorization format" to two Authorization headers through Express', async () => {
    const app = express();
    app.use(filterChain([remoteBasicAuth({ url: service.url })]));
    app.get('/', (_req, res) => {
      res.send('hello');
    });
    await request(app)
      .get('/')
      .set('Authorization', [basic('foo', 'bar'), basic('foo', 'bar')] as unknown as string)
      .expect(401, 'invalid Authorization format');
    expect(service.calls).to.equal(0);
  });
});
