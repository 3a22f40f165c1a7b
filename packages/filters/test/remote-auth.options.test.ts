import { StreamFilterError } from '@streamfilter/core';
import { type RemoteAuthOptions, remoteAuth } from '@streamfilter/filters';
import { expect } from 'chai';

const URL = 'http://127.0.0.1:1/check';
const BASE = { url: URL, allowedHeaders: ['authorization'] };

describe('remoteAuth() options', () => {
  const bad: ReadonlyArray<readonly [string, unknown, string]> = [
    ['no options', undefined, 'remoteAuth: "options" must be an object'],
    ['no url', { allowedHeaders: [] }, '"url" is required'],
    ['a relative url', { ...BASE, url: '/check' }, '"url" must be an absolute http:// or https://'],
    [
      'no allowedHeaders',
      { url: URL },
      '"allowedHeaders" is required: an array of the request headers',
    ],
    [
      'a bad allowed header',
      { ...BASE, allowedHeaders: ['a b'] },
      'must hold valid HTTP header names',
    ],
    [
      'host in allowedHeaders',
      { ...BASE, allowedHeaders: ['Host'] },
      'must not hold framing or hop-by-hop',
    ],
    ['an unknown option', { ...BASE, allowHeaders: [] }, '"allowHeaders" is not an option'],
    [
      'a bad forwardMethodAndPath',
      { ...BASE, forwardMethodAndPath: true },
      'must be false, "headers" or "path"',
    ],
    [
      '"path" with a query in url',
      { ...BASE, url: `${URL}?a=1`, forwardMethodAndPath: 'path' },
      '"url" must have no query string',
    ],
    [
      'a non-boolean forwardBody',
      { ...BASE, forwardBody: 'yes' },
      '"forwardBody" must be true or false',
    ],
    [
      'maxBodyBytes without forwardBody',
      { ...BASE, maxBodyBytes: 10 },
      'is only used with forwardBody',
    ],
    [
      'a zero maxBodyBytes',
      { ...BASE, forwardBody: true, maxBodyBytes: 0 },
      '"maxBodyBytes" must be a positive',
    ],
    [
      'authorization upstream',
      { ...BASE, upstreamHeaders: ['authorization'] },
      'must not be a credential',
    ],
    [
      'an upstream header also forwarded',
      { ...BASE, allowedHeaders: ['x-user'], upstreamHeaders: ['x-user'] },
      '"upstreamHeaders" must not hold a header of allowedHeaders',
    ],
    [
      'content-length to the client',
      { ...BASE, clientHeaders: ['content-length'] },
      '"clientHeaders"',
    ],
    [
      'a bad userHeader',
      { ...BASE, userHeader: 'x:y' },
      '"userHeader" must be a valid HTTP header name',
    ],
    ['a zero timeoutMs', { ...BASE, timeoutMs: 0 }, '"timeoutMs" must be a positive number'],
    ['a 200 failureStatus', { ...BASE, failureStatus: 200 }, 'from 400 to 599'],
    [
      'a fractional Retry-After',
      { ...BASE, retryAfterSeconds: 1.5 },
      '"retryAfterSeconds" must be',
    ],
    ['a bad cache', { ...BASE, cache: 'yes' }, 'fromCacheControl }'],
    [
      'a bad fromCacheControl',
      { ...BASE, cache: { fromCacheControl: 1 } },
      'remoteAuth.cache: "fromCacheControl"',
    ],
    ['not an axios', { ...BASE, axios: {} }, '"axios" must be an axios instance'],
    ['a bad proxy', { ...BASE, proxy: { host: 'p' } }, 'remoteAuth.proxy: "port"'],
  ];

  for (const [what, options, message] of bad) {
    it(`refuses ${what} at the call`, () => {
      expect(() => remoteAuth(options as RemoteAuthOptions))
        .to.throw(StreamFilterError, message)
        .with.property('code', 'ERR_FILTER_CONFIG');
    });
  }

  it('applies the documented defaults', () => {
    const { config } = remoteAuth(BASE);
    expect(config).to.deep.include({
      url: URL,
      allowedHeaders: ['authorization'],
      forwardMethodAndPath: false,
      forwardBody: false,
      maxBodyBytes: 8192,
      upstreamHeaders: [],
      clientHeaders: ['www-authenticate', 'content-type'],
      userHeader: undefined,
      timeoutMs: 1000,
      maxResponseBytes: 65536,
      failureStatus: 503,
      failureHeaders: { 'retry-after': '1' },
      failOpen: false,
      failOpenHeader: 'x-auth-unavailable',
      cache: undefined,
    });
  });

  it('lower-cases and deduplicates header lists', () => {
    const { config } = remoteAuth({ ...BASE, allowedHeaders: ['Cookie', 'cookie', 'X-Api-Key'] });
    expect(config.allowedHeaders).to.deep.equal(['cookie', 'x-api-key']);
  });
});
