import { StreamFilterError } from '@streamfilter/core';
import { filterChain } from '@streamfilter/express';
import { basicAuth, remoteBasicAuth } from '@streamfilter/filters';
import { expect } from 'chai';

// Each `@ts-expect-error` below is checked by `npm run typecheck`: if the types stopped refusing
// the call, the directive itself would fail to compile. The tests check that the runtime refuses
// the same calls, for JavaScript users.

function refused(make: () => unknown): string {
  try {
    make();
  } catch (error) {
    expect(error).to.be.instanceOf(StreamFilterError);
    expect((error as StreamFilterError).code).to.equal('ERR_FILTER_CONFIG');
    return (error as Error).message;
  }
  throw new Error('expected ERR_FILTER_CONFIG');
}

describe('option types of the Basic filters', () => {
  it('remoteBasicAuth requires url, or host and port', () => {
    // @ts-expect-error: no endpoint at all
    expect(refused(() => remoteBasicAuth({}))).to.include('"url" is required');
    // @ts-expect-error: host without port
    expect(refused(() => remoteBasicAuth({ host: '127.0.0.1' }))).to.include('"port"');
    // @ts-expect-error: port without host
    expect(refused(() => remoteBasicAuth({ port: 8080 }))).to.include('"host"');
    // @ts-expect-error: url and host together
    const both = () => remoteBasicAuth({ url: 'http://127.0.0.1:1/check', host: '127.0.0.1' });
    expect(refused(both)).to.include('"host" cannot be combined with "url"');
    // @ts-expect-error: path belongs with host and port
    const pathWithUrl = () => remoteBasicAuth({ url: 'http://127.0.0.1:1/check', path: '/c' });
    expect(refused(pathWithUrl)).to.include('"path" cannot be combined with "url"');
  });

  it('remoteBasicAuth accepts either form of endpoint', () => {
    remoteBasicAuth({ url: 'http://127.0.0.1:1/check' });
    remoteBasicAuth({ host: '127.0.0.1', port: '8080', path: '/auth' });
  });

  it('basicAuth requires users or authorizer', () => {
    // @ts-expect-error: neither users nor authorizer
    expect(refused(() => basicAuth({ realm: 'x' }))).to.include('"users" must name');
    basicAuth({ users: { a: 'b' } });
    basicAuth({ authorizer: () => false });
    basicAuth({ users: { a: 'b' }, authorizer: async () => false });
  });

  it('refuses unknown options and wrong types', () => {
    // @ts-expect-error: a typo
    expect(refused(() => basicAuth({ users: { a: 'b' }, chalenge: false }))).to.include(
      '"chalenge" is not an option',
    );
    // @ts-expect-error: express-basic-auth's callback switch
    expect(refused(() => basicAuth({ users: { a: 'b' }, authorizeAsync: true }))).to.include(
      'return a boolean or a promise',
    );
    // @ts-expect-error: an authorizer must return a boolean, not a number
    const numeric = basicAuth({ authorizer: () => 1 });
    expect(numeric.name).to.equal('basicAuth');
  });

  it('types per-route overrides as partial options', () => {
    const auth = basicAuth({ users: { a: 'b' } });
    auth.override({ realm: 'admin', challenge: false });
    // @ts-expect-error: challenge is a boolean
    expect(refused(() => auth.override({ challenge: 'no' }))).to.include('"challenge"');
  });
});

describe('filterChain() with the Basic filters', () => {
  it('refuses an unknown chain option with ERR_FILTER_CONFIG', () => {
    const auth = basicAuth({ users: { a: 'b' } });
    // @ts-expect-error: a typo of filterTimeoutMs
    expect(refused(() => filterChain([auth], { filterTimeout: 5 }))).to.include(
      'unknown option "filterTimeout"',
    );
  });

  it('says what to write instead of route({ basicAuth: "off" })', () => {
    const chain = filterChain([basicAuth({ users: { a: 'b' } })]);
    let message = '';
    try {
      // @ts-expect-error: an override is false or an options object
      chain.route({ basicAuth: 'off' });
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).to.equal(
      'filter chain: the override for "basicAuth" must be false (to drop the filter) or an options object, got "off"',
    );
  });
});
