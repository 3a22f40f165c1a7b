import { runFilter } from '@streamfilter/core/testing';
import { expect } from 'chai';
import { requireHeader } from './require-header';

describe('requireHeader', () => {
  it('answers 400 without the header', async () => {
    const result = await runFilter(requireHeader({ header: 'x-tenant' }), { headers: {} });
    expect(result.localReply?.code).to.equal(400);
    expect(result.localReply?.body).to.equal('missing x-tenant\n');
  });

  it('lets the request through with it', async () => {
    const result = await runFilter(requireHeader({ header: 'x-tenant' }), {
      headers: { 'x-tenant': 'acme' },
    });
    expect(result.localReply).to.equal(undefined);
    expect(result.request.headers?.get('x-tenant')).to.equal('acme');
  });

  it('rejects a bad option when configured, not at the first request', () => {
    expect(() => requireHeader({ header: '' }))
      .to.throw('requireHeader: "header" must be a header name, got ""')
      .with.property('code', 'ERR_FILTER_CONFIG');
  });
});
