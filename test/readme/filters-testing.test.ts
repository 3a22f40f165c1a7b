import { AUTH_METADATA } from '@streamfilter/core';
import { runFilter } from '@streamfilter/core/testing';
import { basicAuth } from '@streamfilter/filters';
import { expect } from 'chai';

describe('my basicAuth setup', () => {
  const auth = basicAuth({ users: { foo: 'bar' } });

  it('lets foo in, and records who came in', async () => {
    const result = await runFilter(auth, { headers: { authorization: 'Basic Zm9vOmJhcg==' } });
    expect(result.localReply).to.equal(undefined); // the request reached the app
    expect(result.streamInfo.metadata.get(AUTH_METADATA)).to.deep.equal({
      filter: 'basicAuth',
      decision: 'allowed',
      user: 'foo',
    });
  });

  it('turns a request without credentials away', async () => {
    const result = await runFilter(auth, {});
    expect(result.localReply?.code).to.equal(401);
    expect(result.localReply?.body).to.equal('no Authorization');
  });
});
