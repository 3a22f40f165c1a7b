import { type FilterCallbacks, FilterChain, Status } from '@streamfilter/core';
import { FakeStream, runFilter } from '@streamfilter/core/testing';
import { expect } from 'chai';
import { delay, filter } from '../../../test/support/filters';
import { flush, managerFor, requestHeaders } from './helpers';

/** A promise and the function that settles it, for hooks the test resolves by hand. */
function deferred<T>(): { promise: Promise<T>; resolve: (value: T) => void } {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((r) => {
    resolve = r;
  });
  return { promise, resolve };
}

describe('FilterManager rules', () => {
  describe('a promise that no longer holds its filter', () => {
    it('is ignored when it resolves after the filter went on and parked again', async () => {
      const late = deferred<Status>();
      let a!: FilterCallbacks;
      const chain = new FilterChain(
        [
          filter('A', (callbacks) => {
            a = callbacks;
            return {
              decodeHeaders: () => late.promise,
              decodeData: () => Status.Running,
            };
          }),
        ],
        { logger: () => {} },
      );
      const { manager, record } = managerFor(chain);
      manager.decodeHeaders(requestHeaders(), false);
      a.continue(); // A goes on before its promise settles...
      manager.decodeData(new TextEncoder().encode('body'), true); // ...and parks on the body.
      late.resolve(Status.Continue);
      await flush();
      expect(record.events).to.deep.equal([]);
      a.continue();
      expect(record.events).to.deep.equal([
        'request headers end=false',
        'request data "body" end=true',
      ]);
    });
  });

  describe('continue()', () => {
    it("is refused by the filter's own state when called twice, even while another filter is parked", async () => {
      let a!: FilterCallbacks;
      const stream = new FakeStream([
        filter('A', (callbacks) => {
          a = callbacks;
          return { decodeHeaders: () => Status.Running };
        }),
        filter('B', () => ({ decodeHeaders: () => Status.Running })),
      ]);
      stream.sendRequest();
      a.continue();
      a.continue();
      await flush();
      expect(stream.request.headers).to.equal(undefined);
      expect(stream.logs.map((l) => l.message)).to.deep.equal([
        'continue() while the filter was not Running: ignored (later ones on this stream are ignored silently)',
      ]);
    });
  });

  describe('a local reply asked for inside a hook', () => {
    it('is sent after the hook returned, not in the middle of it', async () => {
      const seen: string[] = [];
      const stream: FakeStream = new FakeStream([
        filter('deny', (callbacks) => ({
          decodeHeaders() {
            callbacks.sendLocalReply(403, 'no');
            seen.push(stream.response === undefined ? 'not sent during the hook' : 'sent');
            return Status.LocalReply;
          },
        })),
      ]);
      stream.sendRequest();
      expect(seen).to.deep.equal(['not sent during the hook']);
      expect(stream.response?.status).to.equal(403);
    });

    it('can be returned: return callbacks.sendLocalReply(...) answers the request', async () => {
      const result = await runFilter(
        filter('deny', (callbacks) => ({
          decodeHeaders: () => callbacks.sendLocalReply(403, 'no', {}, -1, 'denied'),
        })),
      );
      expect(result.localReply?.code).to.equal(403);
      expect(result.localReply?.details).to.equal('denied');
      expect(result.logs).to.deep.equal([]);
    });
  });

  describe('streamInfo.startTime', () => {
    it('is when the stream started, even when no hook read it then', async () => {
      const chain = new FilterChain([filter('a', () => ({ decodeHeaders: () => {} }))]);
      const { manager } = managerFor(chain);
      const started = Date.now();
      manager.decodeHeaders(requestHeaders(), true);
      await delay(15);
      expect(manager.streamInfo.startTime).to.be.at.most(started);
    });
  });
});
