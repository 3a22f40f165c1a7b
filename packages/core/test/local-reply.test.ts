import { Status, type StreamFilter } from '@streamfilter/core';
import { FakeStream, runFilter } from '@streamfilter/core/testing';
import { expect } from 'chai';
import { filter } from '../../../test/support/filters';

/** A filter that records its encode hooks into `calls`. */
function encodeTracer(name: string, calls: string[], extra: StreamFilter = {}) {
  return filter(name, () => ({
    ...extra,
    encodeHeaders(headers) {
      calls.push(`${name}.encodeHeaders ${headers.status}`);
      headers.set(`x-seen-by-${name}`, 'yes');
    },
    encodeData(buffer) {
      calls.push(`${name}.encodeData ${buffer.toString()}`);
    },
  }));
}

describe('local replies', () => {
  it('records which filter sent the reply, and its details', async () => {
    const result = await runFilter([
      filter('first'),
      filter('deny', (callbacks) => ({
        decodeHeaders() {
          callbacks.sendLocalReply(403, 'forbidden', undefined, undefined, 'ip-denied');
          return Status.LocalReply;
        },
      })),
    ]);
    expect(result.streamInfo.localReplyFilter).to.equal('deny');
    expect(result.streamInfo.responseCodeDetails).to.equal('ip-denied');
    expect(result.streamInfo.responseCode).to.equal(403);
    expect(result.localReply?.filter).to.equal('deny');
    expect(result.localReply?.details).to.equal('ip-denied');
  });

  it('uses local_reply as details when the filter gave none', async () => {
    const result = await runFilter(
      filter('deny', (callbacks) => ({
        decodeHeaders() {
          callbacks.sendLocalReply(403);
          return Status.LocalReply;
        },
      })),
    );
    expect(result.localReply?.details).to.equal('local_reply');
  });

  it('passes through the encode hooks of the filters that already ran, not the later ones', async () => {
    const calls: string[] = [];
    const result = await runFilter([
      encodeTracer('A', calls),
      filter('B', (callbacks) => ({
        decodeHeaders() {
          callbacks.sendLocalReply(401, 'who are you');
          return Status.LocalReply;
        },
        encodeHeaders(headers) {
          calls.push(`B.encodeHeaders ${headers.status}`);
        },
      })),
      encodeTracer('C', calls),
    ]);
    expect(calls).to.deep.equal([
      'B.encodeHeaders 401',
      'A.encodeHeaders 401',
      'A.encodeData who are you',
    ]);
    expect(result.localReply?.headers.get('x-seen-by-a')).to.equal('yes');
    expect(result.localReply?.headers.has('x-seen-by-c')).to.equal(false);
  });

  it('runs only the filters that saw the headers when the reply comes from a data hook', async () => {
    const calls: string[] = [];
    await runFilter(
      [
        encodeTracer('A', calls),
        filter('B', (callbacks) => ({
          decodeData() {
            callbacks.sendLocalReply(400, 'bad');
            return Status.LocalReply;
          },
        })),
        encodeTracer('C', calls),
      ],
      { body: 'x' },
    );
    expect(calls).to.deep.equal(['A.encodeHeaders 400', 'A.encodeData bad']);
  });

  it('skips the encode hooks of a replying filter whose decodeHeaders has not run yet', async () => {
    const calls: string[] = [];
    const stream = new FakeStream([
      encodeTracer('A', calls, { decodeHeaders: () => Status.Running }),
      filter('B', (callbacks) => {
        // B answers before the request headers reach it (A holds them): from a timer it set up.
        setTimeout(() => callbacks.sendLocalReply(429, 'slow down'), 1);
        return {
          encodeHeaders(headers) {
            calls.push(`B.encodeHeaders ${headers.status}`);
          },
        };
      }),
    ]);
    stream.sendRequest();
    await stream.responded;
    expect(stream.response?.status).to.equal(429);
    expect(calls).to.deep.equal(['A.encodeHeaders 429', 'A.encodeData slow down']);
  });

  it('lets an earlier filter change the reply on its way out', async () => {
    const result = await runFilter([
      filter('cors', () => ({
        encodeHeaders(headers) {
          headers.set('access-control-allow-origin', '*');
        },
      })),
      filter('deny', (callbacks) => ({
        decodeHeaders() {
          callbacks.sendLocalReply(403, 'no');
          return Status.LocalReply;
        },
      })),
    ]);
    expect(result.localReply?.code).to.equal(403);
    expect(result.localReply?.headers.get('access-control-allow-origin')).to.equal('*');
  });

  it('skips the encode hooks for a reply sent from an encode hook', async () => {
    const calls: string[] = [];
    const result = await runFilter(
      [
        encodeTracer('A', calls),
        filter('B', (callbacks) => ({
          encodeHeaders() {
            callbacks.sendLocalReply(502, 'upstream said no');
            return Status.LocalReply;
          },
        })),
      ],
      {},
      { response: { status: 200, body: 'app' } },
    );
    expect(result.response?.status).to.equal(502);
    expect(result.response?.body.toString()).to.equal('upstream said no');
    expect(calls).to.deep.equal([]);
  });

  it('stops the decode chain: later filters and the app never see the request', async () => {
    const seen: string[] = [];
    const result = await runFilter([
      filter('deny', (callbacks) => ({
        decodeHeaders() {
          callbacks.sendLocalReply(403, 'no');
          return Status.LocalReply;
        },
      })),
      filter('later', () => ({
        decodeHeaders() {
          seen.push('later');
        },
      })),
    ]);
    expect(seen).to.deep.equal([]);
    expect(result.request.headers).to.equal(undefined);
  });

  it('lower-cases the reply headers and skips empty values', async () => {
    const result = await runFilter(
      filter('deny', (callbacks) => ({
        decodeHeaders() {
          callbacks.sendLocalReply(401, 'no', {
            'WWW-Authenticate': 'Basic realm="x"',
            'X-Empty': '',
            'X-Missing': undefined,
            'X-List': ['a', 'b'],
          });
          return Status.LocalReply;
        },
      })),
    );
    const headers = result.localReply?.headers;
    expect(headers?.record['www-authenticate']).to.equal('Basic realm="x"');
    expect(headers?.has('x-empty')).to.equal(false);
    expect(headers?.has('x-missing')).to.equal(false);
    expect(headers?.values('x-list')).to.deep.equal(['a', 'b']);
  });

  it('sets content-type and content-length for a text body', async () => {
    const result = await runFilter(
      filter('deny', (callbacks) => ({
        decodeHeaders() {
          callbacks.sendLocalReply(403, 'caf\u00e9');
          return Status.LocalReply;
        },
      })),
    );
    expect(result.localReply?.headers.get('content-type')).to.equal('text/plain; charset=utf-8');
    expect(result.localReply?.headers.get('content-length')).to.equal('5');
    expect(result.localReply?.body).to.equal('caf\u00e9');
  });

  it('keeps the content-type the filter gave', async () => {
    const result = await runFilter(
      filter('deny', (callbacks) => ({
        decodeHeaders() {
          callbacks.sendLocalReply(400, '{"error":"bad"}', { 'content-type': 'application/json' });
          return Status.LocalReply;
        },
      })),
    );
    expect(result.localReply?.headers.get('content-type')).to.equal('application/json');
  });

  it('sends an empty reply with content-length 0 and no content-type', () => {
    const stream = new FakeStream(
      filter('deny', (callbacks) => ({
        decodeHeaders() {
          callbacks.sendLocalReply(204);
          return Status.LocalReply;
        },
      })),
    ).sendRequest();
    expect(stream.response?.status).to.equal(204);
    expect(stream.response?.ended).to.equal(true);
    expect(stream.response?.headers.get('content-length')).to.equal('0');
    expect(stream.response?.headers.has('content-type')).to.equal(false);
  });

  it('adds grpc-status when given one', async () => {
    const result = await runFilter(
      filter('deny', (callbacks) => ({
        decodeHeaders() {
          callbacks.sendLocalReply(403, 'no', undefined, 7);
          return Status.LocalReply;
        },
      })),
    );
    expect(result.localReply?.headers.get('grpc-status')).to.equal('7');
  });

  it('accepts a body given as bytes', async () => {
    const result = await runFilter(
      filter('deny', (callbacks) => ({
        decodeHeaders() {
          callbacks.sendLocalReply(403, new Uint8Array([110, 111]));
          return Status.LocalReply;
        },
      })),
    );
    expect(result.localReply?.body).to.equal('no');
  });

  it('replaces a response the app has not started yet when a filter replies late', () => {
    const stream = new FakeStream(
      filter('deny', (callbacks) => ({
        encodeHeaders() {
          setImmediate(() => callbacks.sendLocalReply(503, 'later'));
          return Status.Running;
        },
      })),
    );
    stream.sendRequest().sendResponse({ status: 200, body: 'app' });
    expect(stream.response).to.equal(undefined);
    return stream.responded.then(() => {
      expect(stream.response?.status).to.equal(503);
      expect(stream.response?.body.toString()).to.equal('later');
    });
  });
});
