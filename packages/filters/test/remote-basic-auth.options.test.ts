import { StreamFilterError } from '@streamfilter/core';
import { runFilter } from '@streamfilter/core/testing';
import { filterChain } from '@streamfilter/express';
import { type RemoteBasicAuthOptions, remoteBasicAuth } from '@streamfilter/filters';
import axios from 'axios';
import { expect } from 'chai';
import express from 'express';
import request from 'supertest';
import { AuthService, basic } from './support/auth-service';

const URL = 'http://127.0.0.1:1/check';

function configErrorOf(options: unknown): StreamFilterError {
  try {
    remoteBasicAuth(options as RemoteBasicAuthOptions);
  } catch (error) {
    expect(error).to.be.instanceOf(StreamFilterError);
    return error as StreamFilterError;
  }
  throw new Error('expected remoteBasicAuth() to throw');
}

describe('remoteBasicAuth() options', () => {
  describe('validated at the call', () => {
    const bad: ReadonlyArray<readonly [string, unknown, string]> = [
      ['no options', undefined, '"options" must be an object'],
      ['neither url nor host', {}, '"url" is required'],
      [
        'a relative url',
        { url: '/check' },
        '"url" must be an absolute http:// or https:// URL, got "/check"',
      ],
      ['a non-http url', { url: 'ftp://x/check' }, '"url" must be an absolute'],
      ['url with host', { url: URL, host: 'x' }, '"host" cannot be combined with "url"'],
      [
        'host without port',
        { host: '127.0.0.1' },
        '"port" must be an integer from 1 to 65535, got undefined',
      ],
      [
        'a port out of range',
        { host: 'a', port: 70000 },
        '"port" must be an integer from 1 to 65535',
      ],
      ['a path without /', { host: 'a', port: 1, path: 'check' }, '"path" must start with "/"'],
      [
        'timeoutMs "abc"',
        { url: URL, timeoutMs: 'abc' },
        'remoteBasicAuth: "timeoutMs" must be a positive number no larger than 2147483647, got "abc"',
      ],
      ['timeoutMs 0', { url: URL, timeoutMs: 0 }, '"timeoutMs" must be a positive number'],
      [
        'a realm with CR LF',
        { url: URL, realm: 'a\r\nSet-Cookie: x' },
        '"realm" must be a string of printable Latin-1',
      ],
      [
        'failureStatus 200',
        { url: URL, failureStatus: 200 },
        '"failureStatus" must be an HTTP status from 400 to 599, got 200',
      ],
      [
        'failOpen "yes"',
        { url: URL, failOpen: 'yes' },
        '"failOpen" must be true or false, got "yes"',
      ],
      [
        'a bad failOpenHeader',
        { url: URL, failOpenHeader: 'x y' },
        '"failOpenHeader" must be a valid HTTP header name',
      ],
      [
        'identityHeader authorization',
        { url: URL, identityHeader: 'Authorization' },
        '"identityHeader" must not be a credential, framing or hop-by-hop header',
      ],
      [
        'copyResponseHeaders a string',
        { url: URL, copyResponseHeaders: 'x-a' },
        '"copyResponseHeaders" must be an array of header names',
      ],
      [
        'forwardHeaders host',
        { url: URL, forwardHeaders: ['host'] },
        '"forwardHeaders" must not be a credential',
      ],
      [
        'maxResponseBytes 1.5',
        { url: URL, maxResponseBytes: 1.5 },
        '"maxResponseBytes" must be a positive integer',
      ],
      ['axios not an instance', { url: URL, axios: {} }, '"axios" must be an axios instance'],
      ['cache "on"', { url: URL, cache: 'on' }, '"cache" must be false, true or'],
      [
        'cache.allowTtlMs -1',
        { url: URL, cache: { allowTtlMs: -1 } },
        'remoteBasicAuth.cache: "allowTtlMs" must be a non-negative number',
      ],
      [
        'cache.maxEntries 0',
        { url: URL, cache: { maxEntries: 0 } },
        '"maxEntries" must be a positive integer',
      ],
      ['an unknown cache option', { url: URL, cache: { ttl: 5 } }, '"ttl" is not an option'],
      ['a misspelt option', { url: URL, timeoutMS: 5 }, '"timeoutMS" is not an option'],
    ];
    for (const [what, options, message] of bad) {
      it(`throws ERR_FILTER_CONFIG for ${what}`, () => {
        const error = configErrorOf(options);
        expect(error.code).to.equal('ERR_FILTER_CONFIG');
        expect(error.message).to.include(message);
      });
    }

    it('accepts the seed form: host, a numeric string port, default path /check', () => {
      const auth = remoteBasicAuth({ host: 'auth.internal', port: '10000' });
      expect(auth.config.url).to.equal('http://auth.internal:10000/check');
    });

    it('brackets an IPv6 host', () => {
      expect(remoteBasicAuth({ host: '::1', port: 8080, path: '/v1/check' }).config.url).to.equal(
        'http://[::1]:8080/v1/check',
      );
    });

    it('applies the documented defaults', () => {
      const { config } = remoteBasicAuth({ url: URL });
      expect(config).to.deep.include({
        realm: 'Restricted',
        timeoutMs: 1000,
        failureStatus: 503,
        failOpen: false,
        failOpenHeader: 'x-auth-unavailable',
        maxResponseBytes: 65536,
        identityHeader: undefined,
        stripAuthorization: false,
        cache: undefined,
      });
      expect(config.copyResponseHeaders).to.deep.equal([]);
      expect(config.forwardHeaders).to.deep.equal([]);
    });

    it('rejects a bad per-route override at once', () => {
      const auth = remoteBasicAuth({ url: URL });
      expect(() => auth.override({ timeoutMs: -1 })).to.throw(StreamFilterError, '"timeoutMs"');
    });
  });

  describe('with a running service', () => {
    let service: AuthService;

    beforeEach(async () => {
      service = await AuthService.start();
    });

    afterEach(async () => {
      await service.close();
    });

    it('merges a per-route override over the parent options, shallowly', async () => {
      const auth = remoteBasicAuth({ url: service.url, realm: 'api', identityHeader: 'x-user' });
      const admin = auth.override({ realm: 'admin' });
      expect(admin.config.realm).to.equal('admin');
      expect(admin.config.identityHeader).to.equal('x-user');
      expect(admin.config.url).to.equal(service.url);
    });

    it('shares stats between a filter and its per-route variants', async () => {
      const auth = remoteBasicAuth({ url: service.url });
      const chain = filterChain([auth]);
      const app = express();
      app.get('/admin', chain.route({ remoteBasicAuth: { realm: 'admin' } }), (_req, res) => {
        res.send('admin');
      });
      app.get('/', chain, (_req, res) => {
        res.send('api');
      });
      await request(app).get('/admin').set('Authorization', basic('foo', 'bar')).expect(200);
      await request(app).get('/').expect(401);
      expect(auth.stats).to.deep.include({ allowed: 1, denied: 1 });
      expect(auth.override({ realm: 'x' }).stats).to.equal(auth.stats);
    });

    it('uses the axios instance it is given', async () => {
      const http = axios.create({ headers: { 'x-client': 'mine' } });
      const auth = remoteBasicAuth({ url: service.url, axios: http });
      const result = await runFilter(auth, { headers: { authorization: basic('foo', 'bar') } });
      expect(result.localReply).to.equal(undefined);
      expect(service.checks[0]?.headers['x-client']).to.equal('mine');
    });

    it('reuses one keep-alive connection for consecutive checks', async () => {
      const auth = remoteBasicAuth({ url: service.url });
      for (let i = 0; i < 3; i++)
        await runFilter(auth, { headers: { authorization: basic('foo', 'bar') } });
      expect(service.checks.map((c) => c.headers.connection)).to.deep.equal(
        Array(3).fill('keep-alive'),
      );
      expect(service.connections).to.equal(1);
    });
  });
});
