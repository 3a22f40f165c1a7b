import { AUTH_METADATA, type ChainableFilter, StreamFilterError } from '@streamfilter/core';
import { runFilter } from '@streamfilter/core/testing';
import { filterChain } from '@streamfilter/express';
import {
  type AuthRequest,
  type BasicAuthFilter,
  type BasicReplyOptions,
  basicAuth,
  type RemoteBasicAuthFilter,
  remoteBasicAuth,
  type UnauthorizedReason,
} from '@streamfilter/filters';
import { expect } from 'chai';
import express from 'express';
import request from 'supertest';
import { AuthService, basic } from './support/auth-service';

const FOO_BAR = { authorization: basic('foo', 'bar') };
const FOO_BAZ = { authorization: basic('foo', 'baz') };

function configError(make: () => unknown): StreamFilterError {
  try {
    make();
  } catch (error) {
    expect(error).to.be.instanceOf(StreamFilterError);
    expect((error as StreamFilterError).code).to.equal('ERR_FILTER_CONFIG');
    return error as StreamFilterError;
  }
  throw new Error('expected ERR_FILTER_CONFIG');
}

let service: AuthService;

describe('the Basic filters, with a real auth service for remoteBasicAuth', () => {
  before(async () => {
    service = await AuthService.start();
  });
  after(async () => {
    await service.close();
  });

  // Both Basic filters take the same reply options and record the same metadata.
  type Make = (options: BasicReplyOptions) => BasicAuthFilter | RemoteBasicAuthFilter;
  const filters: ReadonlyArray<readonly [string, Make]> = [
    ['basicAuth', (options) => basicAuth({ users: { foo: 'bar' }, ...options })],
    ['remoteBasicAuth', (options) => remoteBasicAuth({ url: service.url, ...options })],
  ];

  for (const [name, make] of filters) {
    describe(`${name}() 401 answers and auth metadata`, () => {
      describe('unauthorizedResponse', () => {
        it('sends a string as the body of every 401, challenge kept', async () => {
          const auth = make({ unauthorizedResponse: 'Sign in first' });
          for (const headers of [{}, { authorization: 'Bearer x' }, FOO_BAZ]) {
            const { localReply } = await runFilter(auth, { headers });
            expect(localReply?.code).to.equal(401);
            expect(localReply?.body).to.equal('Sign in first');
            expect(localReply?.headers.get('content-type')).to.equal('text/plain; charset=utf-8');
            expect(localReply?.headers.has('www-authenticate')).to.equal(true);
          }
        });

        it('sends an object as JSON, built by JSON.stringify', async () => {
          const body = { error: 'unauthorized', hint: 'a "quoted" \\ value' };
          const { localReply } = await runFilter(make({ unauthorizedResponse: body }), {});
          expect(localReply?.headers.get('content-type')).to.equal(
            'application/json; charset=utf-8',
          );
          expect(JSON.parse(localReply?.body ?? '')).to.deep.equal(body);
        });

        it('calls a function with the request (headers, method, path) and the reason', async () => {
          const seen: Array<[string, string, string | undefined, UnauthorizedReason]> = [];
          const unauthorizedResponse = (req: AuthRequest, reason: UnauthorizedReason) => {
            seen.push([req.method, req.path, req.headers.get('x-trace'), reason]);
            return { reason };
          };
          const auth = make({ unauthorizedResponse });
          const trace = { 'x-trace': 't1' };
          const answers = [
            await runFilter(auth, { method: 'POST', path: '/a?q=1', headers: trace }),
            await runFilter(auth, { path: '/b', headers: { ...trace, authorization: 'Basic !' } }),
            await runFilter(auth, { path: '/c', headers: { ...trace, ...FOO_BAZ } }),
          ];
          expect(answers.map((r) => r.localReply?.body)).to.deep.equal([
            '{"reason":"missing"}',
            '{"reason":"invalid"}',
            '{"reason":"denied"}',
          ]);
          expect(seen).to.deep.equal([
            ['POST', '/a?q=1', 't1', 'missing'],
            ['GET', '/b', 't1', 'invalid'],
            ['GET', '/c', 't1', 'denied'],
          ]);
        });

        it('waits for a function that returns a promise', async () => {
          const auth = make({ unauthorizedResponse: async (_req, reason) => `no (${reason})` });
          const { localReply } = await runFilter(auth, { headers: FOO_BAZ });
          expect(localReply?.code).to.equal(401);
          expect(localReply?.body).to.equal('no (denied)');
        });

        it('answers 500 and logs an error when the function returns neither string nor object', async () => {
          const auth = make({ unauthorizedResponse: (() => 42) as unknown as () => string });
          const result = await runFilter(auth, {});
          expect(result.localReply?.code).to.equal(500);
          expect(result.logs.map((l) => l.level)).to.include('error');
          const logged = result.logs.find((l) => l.level === 'error')?.error as Error;
          expect(logged.message).to.include('"unauthorizedResponse" function must return');
        });

        it('refuses a value that is neither string, object nor function at startup', () => {
          const error = configError(() => make({ unauthorizedResponse: 401 as unknown as string }));
          expect(error.message).to.include(`${name}: "unauthorizedResponse" must be a string`);
        });

        it('lets a JSON 401 reach the client through Express', async () => {
          const app = express();
          app.use(filterChain([make({ unauthorizedResponse: { error: 'unauthorized' } })]));
          app.get('/', (_req, res) => {
            res.send('hello');
          });
          const res = await request(app).get('/').expect(401);
          expect(res.type).to.equal('application/json');
          expect(res.body).to.deep.equal({ error: 'unauthorized' });
        });
      });

      describe('challenge and realm', () => {
        it('sends no WWW-Authenticate with challenge: false', async () => {
          const { localReply } = await runFilter(make({ challenge: false }), { headers: FOO_BAZ });
          expect(localReply?.code).to.equal(401);
          expect(localReply?.headers.has('www-authenticate')).to.equal(false);
          expect(localReply?.body).to.equal('invalid username or password');
        });

        it('computes the realm per request with a function', async () => {
          const auth = make({ realm: (req) => (req.path.startsWith('/admin') ? 'admin' : 'api') });
          const admin = await runFilter(auth, { path: '/admin/x' });
          const api = await runFilter(auth, { path: '/x' });
          expect(admin.localReply?.headers.get('www-authenticate')).to.equal(
            'Basic realm="admin", charset="UTF-8"',
          );
          expect(api.localReply?.headers.get('www-authenticate')).to.equal(
            'Basic realm="api", charset="UTF-8"',
          );
        });

        it('answers 500 when a realm function returns a value that cannot be a header', async () => {
          const result = await runFilter(make({ realm: () => 'a\r\nx-evil: 1' }), {});
          expect(result.localReply?.code).to.equal(500);
          expect(result.localReply?.headers.has('x-evil')).to.equal(false);
        });

        it('refuses a challenge that is not a boolean at startup', () => {
          configError(() => make({ challenge: 'no' as unknown as boolean }));
        });
      });

      describe('allowPreflight', () => {
        const preflight = {
          method: 'OPTIONS',
          headers: { origin: 'https://app.example', 'access-control-request-method': 'POST' },
        };

        it('lets a CORS preflight through without credentials', async () => {
          const result = await runFilter(make({ allowPreflight: true }), preflight);
          expect(result.localReply).to.equal(undefined);
          expect(result.request.ended).to.equal(true);
          expect(result.streamInfo.metadata.has(AUTH_METADATA)).to.equal(false);
        });

        it('still asks for credentials on OPTIONS without Access-Control-Request-Method', async () => {
          const result = await runFilter(make({ allowPreflight: true }), { method: 'OPTIONS' });
          expect(result.localReply?.code).to.equal(401);
        });

        it('asks for credentials on a preflight when the option is off (the default)', async () => {
          expect((await runFilter(make({}), preflight)).localReply?.code).to.equal(401);
        });

        it('answers a preflight with the CORS middleware after the chain, through Express', async () => {
          const app = express();
          app.use(filterChain([make({ allowPreflight: true })]));
          app.options('/api', (_req, res) => {
            res.set('access-control-allow-origin', 'https://app.example').sendStatus(204);
          });
          await request(app)
            .options('/api')
            .set('origin', 'https://app.example')
            .set('access-control-request-method', 'POST')
            .expect(204)
            .expect('access-control-allow-origin', 'https://app.example');
          await request(app).post('/api').expect(401);
        });
      });

      describe('AUTH_METADATA', () => {
        it('records the user on allow, without identityHeader', async () => {
          const result = await runFilter(make({}), { headers: FOO_BAR });
          expect(result.streamInfo.metadata.get(AUTH_METADATA)).to.deep.equal({
            filter: name,
            decision: 'allowed',
            user: 'foo',
          });
        });

        it('records the user on allow, with identityHeader', async () => {
          const result = await runFilter(make({ identityHeader: 'x-user' }), { headers: FOO_BAR });
          expect(result.streamInfo.metadata.get(AUTH_METADATA)).to.deep.include({ user: 'foo' });
        });

        it('records a denial, with no user, for wrong and missing credentials', async () => {
          for (const headers of [FOO_BAZ, {}]) {
            const result = await runFilter(make({}), { headers });
            expect(result.streamInfo.metadata.get(AUTH_METADATA)).to.deep.equal({
              filter: name,
              decision: 'denied',
            });
          }
        });

        it('records under the name the filter has in the chain', async () => {
          const result = await runFilter(make({}).named('adminAuth'), {
            headers: FOO_BAR,
          });
          expect(result.streamInfo.metadata.get(AUTH_METADATA)).to.deep.include({
            filter: 'adminAuth',
          });
        });
      });
    });
  }

  describe('remoteBasicAuth() AUTH_METADATA with its cache', () => {
    it('keeps the cache source beside the user and the decision', async () => {
      const auth = remoteBasicAuth({ url: service.url, cache: true });
      const first = await runFilter(auth, { headers: FOO_BAR });
      const second = await runFilter(auth, { headers: FOO_BAR });
      expect(first.streamInfo.metadata.get(AUTH_METADATA)).to.deep.equal({
        filter: 'remoteBasicAuth',
        decision: 'allowed',
        user: 'foo',
        cache: 'miss',
      });
      expect(second.streamInfo.metadata.get(AUTH_METADATA)).to.deep.include({
        user: 'foo',
        cache: 'hit',
      });
    });

    it('extends, never drops, what the filter recorded earlier in the request', async () => {
      const auth = remoteBasicAuth({ url: service.url });
      const note: ChainableFilter = {
        name: 'remoteBasicAuth',
        create: (callbacks) => ({
          decodeHeaders() {
            callbacks.streamInfo.metadata.set(AUTH_METADATA, {
              filter: 'remoteBasicAuth',
              decision: 'denied',
              cache: 'coalesced',
            });
          },
        }),
      };
      const result = await runFilter([note, auth], { headers: FOO_BAR });
      expect(result.streamInfo.metadata.get(AUTH_METADATA)).to.deep.equal({
        filter: 'remoteBasicAuth',
        decision: 'allowed',
        user: 'foo',
        cache: 'coalesced',
      });
    });
  });
});
