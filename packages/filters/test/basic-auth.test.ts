import crypto from 'node:crypto';
import {
  type FilterCallbacks,
  RequestHeaderMap,
  Status,
  StreamFilterError,
  StreamInfo,
} from '@streamfilter/core';
import { FakeStream, runFilter } from '@streamfilter/core/testing';
import { filterChain } from '@streamfilter/express';
import { type BasicAuthOptions, basicAuth } from '@streamfilter/filters';
import { expect } from 'chai';
import express from 'express';
import request from 'supertest';
import { basic } from './support/auth-service';

function as(username: string, password: string) {
  return { headers: { authorization: basic(username, password) } };
}

describe('basicAuth()', () => {
  describe('with a users map', () => {
    const users = { foo: 'bar', jürgen: 'pä:ss' };

    it('lets valid credentials through', async () => {
      const result = await runFilter(basicAuth({ users }), as('foo', 'bar'));
      expect(result.localReply).to.equal(undefined);
      expect(result.request.ended).to.equal(true);
    });

    it('accepts unicode and a colon in the password', async () => {
      const result = await runFilter(basicAuth({ users }), as('jürgen', 'pä:ss'));
      expect(result.localReply).to.equal(undefined);
    });

    for (const [what, username, password] of [
      ['a wrong password', 'foo', 'baz'],
      ['a password that is a prefix of the right one', 'foo', 'ba'],
      ['an unknown user', 'nobody', 'bar'],
      ['an inherited property name as user', '__proto__', 'bar'],
    ] as const) {
      it(`answers 401 "invalid username or password" with a challenge to ${what}`, async () => {
        const result = await runFilter(
          basicAuth({ users, realm: 'admin' }),
          as(username, password),
        );
        expect(result.localReply?.code).to.equal(401);
        expect(result.localReply?.body).to.equal('invalid username or password');
        expect(result.localReply?.headers.get('www-authenticate')).to.equal(
          'Basic realm="admin", charset="UTF-8"',
        );
      });
    }

    it('answers the seed messages to missing and malformed headers', async () => {
      const auth = basicAuth({ users });
      expect((await runFilter(auth, {})).localReply?.body).to.equal('no Authorization');
      const bearer = await runFilter(auth, { headers: { authorization: 'Bearer x' } });
      expect(bearer.localReply?.body).to.equal('invalid Authorization format');
    });

    it('runs fully synchronously: decodeHeaders returns a Status, not a promise', () => {
      const callbacks = {
        filterName: 'basicAuth',
        streamInfo: new StreamInfo({ method: 'GET', path: '/' }),
      } as FilterCallbacks;
      const filter = basicAuth({ users }).create(callbacks);
      const headers = new RequestHeaderMap(
        { authorization: basic('foo', 'bar') },
        { method: 'GET', path: '/', scheme: 'http' },
      );
      expect(filter.decodeHeaders?.(headers, true)).to.equal(Status.Continue);
    });

    it('answers before sendRequest() returns', () => {
      const allowed = new FakeStream(basicAuth({ users })).sendRequest(as('foo', 'bar'));
      expect(allowed.request.ended).to.equal(true);
      const denied = new FakeStream(basicAuth({ users })).sendRequest(as('foo', 'x'));
      expect(denied.response?.status).to.equal(401);
    });

    it('compares in constant time: one timingSafeEqual over 32-byte digests, whatever the input', async () => {
      const original = crypto.timingSafeEqual;
      const lengths: number[][] = [];
      crypto.timingSafeEqual = (a, b) => {
        lengths.push([a.byteLength, b.byteLength]);
        return original(a, b);
      };
      try {
        const auth = basicAuth({ users });
        for (const [user, pass] of [
          ['foo', 'bar'],
          ['foo', 'b'],
          ['foo', 'x'.repeat(500)],
          ['nobody', ''],
        ]) {
          await runFilter(auth, as(user!, pass!));
        }
      } finally {
        crypto.timingSafeEqual = original;
      }
      expect(lengths).to.deep.equal(Array(4).fill([32, 32]));
    });

    it('counts allowed and denied requests', async () => {
      const auth = basicAuth({ users });
      await runFilter(auth, as('foo', 'bar'));
      await runFilter(auth, as('foo', 'x'));
      await runFilter(auth, {});
      expect(auth.stats).to.deep.equal({ allowed: 1, denied: 2 });
    });
  });

  describe('with an authorizer', () => {
    it('asks a synchronous authorizer with the exact credentials', async () => {
      const seen: string[][] = [];
      const auth = basicAuth({
        authorizer: (username, password) => {
          seen.push([username, password]);
          return username === 'foo' && password === 'b"a:r';
        },
      });
      expect((await runFilter(auth, as('foo', 'b"a:r'))).localReply).to.equal(undefined);
      expect((await runFilter(auth, as('foo', 'bar'))).localReply?.code).to.equal(401);
      expect(seen).to.deep.equal([
        ['foo', 'b"a:r'],
        ['foo', 'bar'],
      ]);
    });

    it('waits for an asynchronous authorizer', async () => {
      const auth = basicAuth({ authorizer: async (username) => username === 'foo' });
      expect((await runFilter(auth, as('foo', 'x'))).localReply).to.equal(undefined);
      expect((await runFilter(auth, as('bar', 'x'))).localReply?.code).to.equal(401);
    });

    for (const allowed of [true, false]) {
      it(`decides nothing, counts nothing, logs nothing when the client left before an async authorizer answered ${allowed}`, async () => {
        let answer: (allowed: boolean) => void = () => {};
        let asked = false;
        const auth = basicAuth({
          authorizer: () => {
            asked = true;
            return new Promise<boolean>((resolve) => {
              answer = resolve;
            });
          },
        });
        const stream = new FakeStream(auth);
        stream.sendRequest({ headers: as('foo', 'x').headers });
        expect(asked).to.equal(true);
        stream.disconnect();
        answer(allowed);
        await new Promise((resolve) => setImmediate(resolve));
        expect(auth.stats).to.deep.equal({ allowed: 0, denied: 0 });
        expect(stream.response).to.equal(undefined);
        expect(stream.request.headers?.get('x-authenticated-user')).to.equal(undefined);
        expect(stream.logs).to.deep.equal([]);
      });
    }

    for (const [what, result] of [
      ['1 (what `a & b` gives)', 1],
      ['"yes"', 'yes'],
      ['undefined (a callback-style authorizer)', undefined],
      ['a promise of 1', Promise.resolve(1)],
    ] as const) {
      it(`refuses loudly an authorizer that returns ${what}: 500, logged as an error`, async () => {
        const auth = basicAuth({ authorizer: (() => result) as unknown as () => boolean });
        const answer = await runFilter(auth, as('foo', 'x'));
        expect(answer.localReply?.code).to.equal(500);
        expect(answer.localReply?.body).to.equal('error happened in filter');
        const error = answer.logs.find((line) => line.level === 'error')?.error;
        expect(error).to.be.instanceOf(StreamFilterError);
        expect((error as Error).message).to.include(
          'basicAuth: "authorizer" must return true or false, or a promise of one',
        );
        expect(auth.stats).to.deep.equal({ allowed: 0, denied: 0 });
      });
    }

    it('is given the request (headers, method, path) as its third argument', async () => {
      const seen: string[] = [];
      const auth = basicAuth({
        authorizer: (username, _password, req) => {
          seen.push(`${req.method} ${req.path} ${req.headers.get('x-tenant')}`);
          return username === 'foo' && req.headers.get('x-tenant') === 'acme';
        },
      });
      const headers = { ...as('foo', 'x').headers, 'x-tenant': 'acme' };
      const allowed = await runFilter(auth, { method: 'PUT', path: '/t?x=1', headers });
      expect(allowed.localReply).to.equal(undefined);
      expect(seen).to.deep.equal(['PUT /t?x=1 acme']);
    });

    it("refuses express-basic-auth's authorizeAsync at startup, saying to return a promise", () => {
      let error: unknown;
      try {
        const callbackStyle = (_u: string, _p: string, cb: (e: null, ok: boolean) => void) =>
          cb(null, true);
        basicAuth({
          authorizer: callbackStyle as never,
          authorizeAsync: true,
        } as unknown as BasicAuthOptions);
      } catch (caught) {
        error = caught;
      }
      expect((error as StreamFilterError).code).to.equal('ERR_FILTER_CONFIG');
      expect((error as Error).message).to.equal(
        'basicAuth: "authorizeAsync" is not supported, nor are callback-style authorizers: make "authorizer" return a boolean or a promise of one (e.g. an async function), got true',
      );
    });

    it('answers the generic 500 when the authorizer rejects, and keeps serving', async () => {
      let fail = true;
      const auth = basicAuth({
        authorizer: async () => {
          if (fail) throw new Error('directory down');
          return true;
        },
      });
      const failed = await runFilter(auth, as('foo', 'x'));
      expect(failed.localReply?.code).to.equal(500);
      expect(failed.localReply?.body).to.equal('error happened in filter');
      fail = false;
      expect((await runFilter(auth, as('foo', 'x'))).localReply).to.equal(undefined);
    });

    it('is asked only when the users map does not match', async () => {
      const asked: string[] = [];
      const auth = basicAuth({
        users: { foo: 'bar' },
        authorizer: (username) => {
          asked.push(username);
          return username === 'svc';
        },
      });
      expect((await runFilter(auth, as('foo', 'bar'))).localReply).to.equal(undefined);
      expect((await runFilter(auth, as('svc', 'token'))).localReply).to.equal(undefined);
      expect(asked).to.deep.equal(['svc']);
    });
  });

  describe('request headers', () => {
    it('sets identityHeader on allow and removes client-sent copies on every request', async () => {
      const auth = basicAuth({ users: { foo: 'bar' }, identityHeader: 'x-user' });
      const allowed = await runFilter(auth, {
        headers: { ...as('foo', 'bar').headers, 'x-user': 'root' },
      });
      expect(allowed.request.headers?.values('x-user')).to.deep.equal(['foo']);
    });

    it('removes Authorization with stripAuthorization', async () => {
      const auth = basicAuth({ users: { foo: 'bar' }, stripAuthorization: true });
      const result = await runFilter(auth, as('foo', 'bar'));
      expect(result.request.headers?.has('authorization')).to.equal(false);
    });

    it('works through Express, with the identity header reaching the handler', async () => {
      const app = express();
      app.use(filterChain([basicAuth({ users: { foo: 'bar' }, identityHeader: 'x-user' })]));
      app.get('/', (req, res) => {
        res.send(`hello ${req.headers['x-user']}`);
      });
      await request(app)
        .get('/')
        .set('Authorization', 'basic Zm9vOmJhcg==')
        .expect(200, 'hello foo');
      await request(app).get('/').set('x-user', 'foo').expect(401, 'no Authorization');
    });
  });

  describe('options', () => {
    const bad: ReadonlyArray<readonly [string, unknown, string]> = [
      ['neither users nor authorizer', {}, 'basicAuth: "users" must name at least one user'],
      ['an empty users map', { users: {} }, '"users" must name at least one user'],
      [
        'a username with a colon',
        { users: { 'a:b': 'c' } },
        '"users" must not hold a username with ":"',
      ],
      ['a non-string password', { users: { a: 1 } }, '"users.a" must be a password string'],
      [
        'an authorizer that is not a function',
        { authorizer: true },
        '"authorizer" must be a function',
      ],
      ['a realm with a line feed', { users: { a: 'b' }, realm: 'x\ny' }, '"realm" must be'],
      ['an unknown option', { users: { a: 'b' }, user: 'a' }, '"user" is not an option'],
    ];
    for (const [what, options, message] of bad) {
      it(`throws ERR_FILTER_CONFIG for ${what}`, () => {
        let error: unknown;
        try {
          basicAuth(options as BasicAuthOptions);
        } catch (caught) {
          error = caught;
        }
        expect(error).to.be.instanceOf(StreamFilterError);
        expect((error as StreamFilterError).code).to.equal('ERR_FILTER_CONFIG');
        expect((error as StreamFilterError).message).to.include(message);
      });
    }

    it('merges per-route overrides and shares stats with them', async () => {
      const auth = basicAuth({ users: { foo: 'bar' }, realm: 'api' });
      const admin = auth.override({ realm: 'admin' });
      expect(admin.config.realm).to.equal('admin');
      await runFilter(admin, as('foo', 'bar'));
      expect(auth.stats.allowed).to.equal(1);
    });
  });
});
