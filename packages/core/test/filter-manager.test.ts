import { promiseHooks } from 'node:v8';
import { FilterChain, Status, type StreamFilter } from '@streamfilter/core';
import { FakeStream, runFilter } from '@streamfilter/core/testing';
import { expect } from 'chai';
import { filter } from '../../../test/support/filters';
import { managerFor, requestHeaders, responseHeaders } from './helpers';

/** Three filters that record every header and data hook they run. */
function recordingChain(calls: string[], result?: () => Status | undefined) {
  return ['A', 'B', 'C'].map((name) =>
    filter(name, () => ({
      decodeHeaders: () => {
        calls.push(`${name}.decodeHeaders`);
        return result?.();
      },
      decodeData: () => {
        calls.push(`${name}.decodeData`);
        return result?.();
      },
      encodeHeaders: () => {
        calls.push(`${name}.encodeHeaders`);
        return result?.();
      },
      encodeData: () => {
        calls.push(`${name}.encodeData`);
        return result?.();
      },
    })),
  );
}

/** Counts promises created while `fn` runs. */
function promisesCreatedBy(fn: () => void): number {
  let created = 0;
  const stop = promiseHooks.onInit(() => {
    created++;
  });
  try {
    fn();
  } finally {
    stop();
  }
  return created;
}

describe('FilterManager', () => {
  describe('order', () => {
    it('runs decode hooks in chain order', async () => {
      const calls: string[] = [];
      await runFilter(recordingChain(calls), { body: 'x' });
      expect(calls.filter((c) => c.includes('.decode'))).to.deep.equal([
        'A.decodeHeaders',
        'B.decodeHeaders',
        'C.decodeHeaders',
        'A.decodeData',
        'B.decodeData',
        'C.decodeData',
      ]);
    });

    it('runs encode hooks in reverse order', async () => {
      const calls: string[] = [];
      await runFilter(recordingChain(calls), {}, { response: { status: 200, body: 'y' } });
      expect(calls.filter((c) => c.includes('.encode'))).to.deep.equal([
        'C.encodeHeaders',
        'B.encodeHeaders',
        'A.encodeHeaders',
        'C.encodeData',
        'B.encodeData',
        'A.encodeData',
      ]);
    });

    it('treats a hook that returns nothing as Continue', async () => {
      const calls: string[] = [];
      const result = await runFilter(
        recordingChain(calls, () => undefined),
        { body: 'ping' },
        { response: { status: 201, body: 'pong' } },
      );
      expect(result.request.body.toString()).to.equal('ping');
      expect(result.response?.status).to.equal(201);
      expect(result.response?.body.toString()).to.equal('pong');
      expect(result.localReply).to.equal(undefined);
    });

    it('treats a hook that returns Status.Continue as passing the frame on', async () => {
      const calls: string[] = [];
      const result = await runFilter(
        recordingChain(calls, () => Status.Continue),
        { body: 'ping' },
      );
      expect(result.request.ended).to.equal(true);
      expect(result.request.body.toString()).to.equal('ping');
    });

    it('runs the trailers hooks in order on each path', async () => {
      const calls: string[] = [];
      const tracer = (name: string): StreamFilter => ({
        decodeTrailers: () => {
          calls.push(`${name}.decodeTrailers`);
        },
        encodeTrailers: () => {
          calls.push(`${name}.encodeTrailers`);
        },
      });
      const result = await runFilter(
        [filter('A', () => tracer('A')), filter('B', () => tracer('B'))],
        { body: 'x', trailers: { 'x-sum': '1' } },
        { response: { body: 'y', trailers: { 'x-sum': '2' } } },
      );
      expect(calls).to.deep.equal([
        'A.decodeTrailers',
        'B.decodeTrailers',
        'B.encodeTrailers',
        'A.encodeTrailers',
      ]);
      expect(result.request.trailers?.get('x-sum')).to.equal('1');
      expect(result.response?.trailers?.get('x-sum')).to.equal('2');
    });
  });

  describe('sync mode', () => {
    it('forwards the request before sendRequest() returns when every hook is synchronous', () => {
      const calls: string[] = [];
      const stream = new FakeStream(recordingChain(calls, () => Status.Continue));
      stream.sendRequest({ headers: { 'x-a': '1' } });
      expect(stream.request.ended).to.equal(true);
      expect(stream.request.headers?.get('x-a')).to.equal('1');
    });

    it('sends the response before sendResponse() returns when every hook is synchronous', () => {
      const stream = new FakeStream(recordingChain([], () => Status.Continue));
      stream.sendRequest().sendResponse({ status: 204 });
      expect(stream.response?.status).to.equal(204);
      expect(stream.response?.ended).to.equal(true);
    });

    it('creates no promise on the way through a synchronous chain', () => {
      const stream = new FakeStream(recordingChain([], () => Status.Continue));
      const created = promisesCreatedBy(() => {
        stream.sendRequest({ body: 'ping' }).sendResponse({ body: 'pong' }).complete();
      });
      expect(stream.response?.body.toString()).to.equal('pong');
      expect(created).to.equal(0);
    });

    it('creates no promise when a synchronous hook answers with a local reply', () => {
      const stream = new FakeStream(
        filter('deny', (callbacks) => ({
          decodeHeaders() {
            callbacks.sendLocalReply(403, 'no');
            return Status.LocalReply;
          },
        })),
      );
      const created = promisesCreatedBy(() => stream.sendRequest());
      expect(stream.response?.status).to.equal(403);
      expect(created).to.equal(0);
    });
  });

  describe('phases', () => {
    it('knows from the chain that nobody reads the request body or the response', () => {
      const chain = new FilterChain([
        filter('a', () => ({ decodeHeaders: () => Status.Continue })),
      ]);
      const { manager } = managerFor(chain);
      expect(manager.wantsRequestBody).to.equal(false);
      expect(manager.wantsResponse).to.equal(false);
    });

    it('wants the request body when a filter has a decodeData or decodeTrailers hook', () => {
      const data = new FilterChain([filter('a', () => ({ decodeData: () => {} }))]);
      const trailers = new FilterChain([filter('a', () => ({ decodeTrailers: () => {} }))]);
      expect(managerFor(data).manager.wantsRequestBody).to.equal(true);
      expect(managerFor(trailers).manager.wantsRequestBody).to.equal(true);
      expect(managerFor(data).manager.wantsResponse).to.equal(false);
    });

    it('wants the response when a filter has any encode hook', () => {
      for (const hook of ['encodeHeaders', 'encodeData', 'encodeTrailers'] as const) {
        const chain = new FilterChain([filter('a', () => ({ [hook]: () => {} }))]);
        expect(managerFor(chain).manager.wantsResponse, hook).to.equal(true);
      }
    });

    it('decides the phases once per chain, without inspecting later streams', () => {
      let streams = 0;
      const chain = new FilterChain([
        filter('shifty', () => {
          streams++;
          return streams === 1
            ? { decodeHeaders: () => {} }
            : { decodeData: () => {}, encodeData: () => {} };
        }),
      ]);
      managerFor(chain);
      const later = managerFor(chain).manager;
      expect(streams).to.equal(2);
      expect(later.wantsRequestBody).to.equal(false);
      expect(later.wantsResponse).to.equal(false);
    });

    it('forwards request headers at once when no filter reads the body', () => {
      const chain = new FilterChain([filter('a', () => ({ decodeHeaders: () => {} }))]);
      const { manager, record } = managerFor(chain);
      manager.decodeHeaders(requestHeaders({ 'content-length': '5' }), false);
      expect(record.events).to.deep.equal(['request headers end=false']);
      expect(record.requestHeaders?.get('content-length')).to.equal('5');
    });

    it('sends response headers at once when no filter reads the response body', () => {
      const chain = new FilterChain([filter('a', () => ({ encodeHeaders: () => {} }))]);
      const { manager, record } = managerFor(chain);
      manager.decodeHeaders(requestHeaders(), true);
      manager.encodeHeaders(responseHeaders(200, { 'content-length': '5' }), false);
      expect(record.events).to.deep.equal([
        'request headers end=true',
        'response headers 200 end=false',
      ]);
    });

    it('is settled as soon as the request passed when no filter has a later hook', () => {
      const chain = new FilterChain([filter('a', () => ({ decodeHeaders: () => {} }))]);
      const { manager } = managerFor(chain);
      manager.decodeHeaders(requestHeaders(), true);
      expect(manager.settled).to.equal(true);
    });

    it('stays unsettled until complete() when a filter has onLog or onDestroy', () => {
      const chain = new FilterChain([filter('a', () => ({ onDestroy: () => {} }))]);
      const { manager } = managerFor(chain);
      manager.decodeHeaders(requestHeaders(), true);
      expect(manager.settled).to.equal(false);
      manager.complete();
      expect(manager.settled).to.equal(true);
    });
  });

  describe('an empty chain', () => {
    it('passes the request and the response through unchanged', async () => {
      const result = await runFilter(
        [],
        { body: 'ping' },
        { response: { status: 202, body: 'pong' } },
      );
      expect(result.request.body.toString()).to.equal('ping');
      expect(result.response?.status).to.equal(202);
      expect(result.response?.body.toString()).to.equal('pong');
    });
  });
});
