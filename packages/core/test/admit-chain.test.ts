import { admitChain, FilterChain, StreamFilterError } from '@streamfilter/core';
import { expect } from 'chai';
import { filter } from '../../../test/support/filters';

describe('admitChain', () => {
  const chain = new FilterChain([filter('auth')]);

  it('runs a chain once per request object, whatever the host', () => {
    const request = { method: 'GET', url: '/' };
    expect(admitChain(request, chain)).to.equal('run');
    expect(admitChain(request, chain)).to.equal('skip');
    expect(admitChain({ method: 'GET', url: '/' }, chain)).to.equal('run');
  });

  it('runs chains of different families on one request', () => {
    const request = {};
    expect(admitChain(request, chain)).to.equal('run');
    expect(admitChain(request, new FilterChain([filter('auth')]))).to.equal('run');
  });

  it('refuses a variant after its base ran, naming the request and how to mount', () => {
    const request = { method: 'POST', url: 'http://127.0.0.1/admin?x=1' };
    expect(admitChain(request, chain)).to.equal('run');
    const refused = admitChain(request, chain.withOverrides({ auth: false }));
    expect(refused).to.be.instanceOf(StreamFilterError);
    const error = refused as StreamFilterError;
    expect(error.code).to.equal('ERR_INVALID_CHAIN');
    expect(error.message).to.contain('POST /admin already went through another variant');
    expect(error.message).to.contain('[auth]) before reaching this variant ([])');
  });
});
