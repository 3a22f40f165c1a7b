import { Status } from '@streamfilter/core';
import { FakeStream, type LogLine, runFilter } from '@streamfilter/core/testing';
import { expect } from 'chai';
import { filter } from '../../../test/support/filters';

const deny = filter('deny', (callbacks) => ({
  decodeHeaders(headers) {
    if (headers.get('x-token') === 'ok') return Status.Continue;
    callbacks.sendLocalReply(
      401,
      'no token',
      { 'www-authenticate': 'Token' },
      undefined,
      'no-token',
    );
    return Status.LocalReply;
  },
}));

describe('runFilter()', () => {
  it("reports the request's real method and path in streamInfo", async () => {
    const seen: string[] = [];
    const result = await runFilter(
      filter('look', (callbacks) => ({
        decodeHeaders() {
          seen.push(`${callbacks.streamInfo.method} ${callbacks.streamInfo.path}`);
        },
      })),
      { method: 'DELETE', path: '/users/7?force=1' },
    );
    expect(seen).to.deep.equal(['DELETE /users/7?force=1']);
    expect(result.streamInfo.method).to.equal('DELETE');
    expect(result.streamInfo.path).to.equal('/users/7?force=1');
  });

  it('rejects, naming the filter still Running, when a filter parks and never goes on', async () => {
    const stuck = filter('stuck', () => ({ decodeHeaders: () => Status.Running }));
    let error: unknown;
    try {
      await runFilter([filter('first'), stuck], {}, { waitMs: 20 });
    } catch (e) {
      error = e;
    }
    expect(error).to.be.instanceOf(Error);
    expect((error as Error).message).to.equal(
      'runFilter: the stream did not finish within 20 ms: filter "stuck" is still Running in decodeHeaders (it never called callbacks.continue() or sendLocalReply())',
    );
  });

  it('ends the stream it gave up on: onDestroy(Terminate) runs and the signal aborts', async () => {
    const events: string[] = [];
    const stuck = filter('stuck', (callbacks) => ({
      async decodeHeaders() {
        await new Promise(() => {});
      },
      encodeData: () => {
        events.push(`aborted ${callbacks.signal.aborted}`);
      },
      onDestroy: (reason) => {
        events.push(`onDestroy ${reason} aborted ${callbacks.signal.aborted}`);
      },
    }));
    const result = await runFilter(stuck, {}, { waitMs: 10 }).catch((e: Error) => e);
    expect(result).to.be.instanceOf(Error);
    expect(events).to.deep.equal(['onDestroy Terminate aborted true']);
  });

  it('reports the local reply a filter sent, with its filter and details', async () => {
    const result = await runFilter(deny);
    expect(result.localReply).to.deep.include({
      code: 401,
      body: 'no token',
      details: 'no-token',
      filter: 'deny',
    });
    expect(result.localReply?.headers.get('www-authenticate')).to.equal('Token');
    expect(result.request.ended).to.equal(false);
  });

  it('lets the request through to a default 200 response when no filter replies', async () => {
    const result = await runFilter(deny, { headers: { 'x-token': 'ok' } });
    expect(result.localReply).to.equal(undefined);
    expect(result.request.ended).to.equal(true);
    expect(result.response?.status).to.equal(200);
    expect(result.response?.ended).to.equal(true);
  });

  it('answers with the response given in the options', async () => {
    const result = await runFilter(
      deny,
      { headers: { 'x-token': 'ok' } },
      { response: { status: 201, headers: { 'x-app': '1' }, body: 'made' } },
    );
    expect(result.response?.status).to.equal(201);
    expect(result.response?.headers.get('x-app')).to.equal('1');
    expect(result.response?.body.toString()).to.equal('made');
  });

  it('takes a chain as an array', async () => {
    const result = await runFilter([filter('first'), deny]);
    expect(result.localReply?.filter).to.equal('deny');
  });

  it('collects the lines a filter logs through its callbacks, tagged with its name', async () => {
    const result = await runFilter(
      filter('chatty', (callbacks) => ({
        decodeHeaders() {
          callbacks.log('info', 'checked');
        },
      })),
    );
    expect(result.logs).to.deep.equal([{ level: 'info', message: 'checked', filter: 'chatty' }]);
  });
});

describe('FakeStream', () => {
  it('passes log lines on to a logger given in the options', () => {
    const lines: LogLine[] = [];
    new FakeStream(
      filter('chatty', (callbacks) => ({
        decodeHeaders() {
          callbacks.log('warn', 'hmm');
        },
      })),
      { logger: (level, message, context) => lines.push({ level, message, ...context }) },
    ).sendRequest();
    expect(lines).to.deep.equal([{ level: 'warn', message: 'hmm', filter: 'chatty' }]);
  });

  it('collects the request body chunks and trailers that reached the app', () => {
    const stream = new FakeStream(filter('pass', () => ({ decodeData: () => Status.Continue })));
    stream.sendRequest({
      method: 'PUT',
      path: '/x',
      body: ['a', new Uint8Array([98])],
      trailers: { 'x-t': '1' },
    });
    expect(stream.request.headers?.method).to.equal('PUT');
    expect(stream.request.headers?.path).to.equal('/x');
    expect(stream.request.body.toString()).to.equal('ab');
    expect(stream.request.trailers?.get('x-t')).to.equal('1');
    expect(stream.request.ended).to.equal(true);
  });

  it('resolves forwarded once the request fully reached the app', async () => {
    const stream = new FakeStream(filter('pass'));
    stream.sendRequest({ body: 'x' });
    await stream.forwarded;
    expect(stream.request.ended).to.equal(true);
  });

  it('resolves responded when the client disconnects', async () => {
    const stream = new FakeStream(filter('park', () => ({ decodeHeaders: () => Status.Running })));
    stream.sendRequest().disconnect();
    await stream.responded;
    expect(stream.response).to.equal(undefined);
  });
});
