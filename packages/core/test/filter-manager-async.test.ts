import { type FilterCallbacks, Status } from '@streamfilter/core';
import { FakeStream, runFilter } from '@streamfilter/core/testing';
import { expect } from 'chai';
import { delay, filter } from '../../../test/support/filters';
import { flush } from './helpers';

/** A filter that records that its decodeHeaders ran, and what it saw. */
function witness(seen: string[]) {
  return filter('witness', () => ({
    decodeHeaders(headers) {
      seen.push(`witness saw x-user=${headers.get('x-user')}`);
    },
  }));
}

describe('FilterManager async', () => {
  describe('the low-level Running mode', () => {
    it('parks the stream on Status.Running until continue() is called from a timer', async () => {
      const seen: string[] = [];
      const stream = new FakeStream([
        filter('slow', (callbacks) => ({
          decodeHeaders() {
            setTimeout(() => callbacks.continue(Status.Continue), 1);
            return Status.Running;
          },
        })),
        witness(seen),
      ]);
      stream.sendRequest();
      expect(seen).to.deep.equal([]);
      expect(stream.request.ended).to.equal(false);
      await stream.forwarded;
      expect(seen).to.deep.equal(['witness saw x-user=undefined']);
      expect(stream.request.ended).to.equal(true);
    });

    it('resumes with Continue when continue() is called without a status', async () => {
      const stream = new FakeStream(
        filter('slow', (callbacks) => ({
          decodeHeaders() {
            setImmediate(() => callbacks.continue());
            return Status.Running;
          },
        })),
      );
      stream.sendRequest();
      await stream.forwarded;
      expect(stream.request.ended).to.equal(true);
    });

    it('resumes when continue() is called from a promise callback', async () => {
      const stream = new FakeStream(
        filter('slow', (callbacks) => ({
          decodeHeaders() {
            delay(1).then(() => callbacks.continue(Status.Continue));
            return Status.Running;
          },
        })),
      );
      stream.sendRequest();
      await stream.forwarded;
      expect(stream.request.ended).to.equal(true);
    });

    it('stops with the reply when sendLocalReply() is called from a timer', async () => {
      const seen: string[] = [];
      const stream = new FakeStream([
        filter('deny', (callbacks) => ({
          decodeHeaders() {
            setTimeout(() => callbacks.sendLocalReply(401, 'no Authorization'), 1);
            return Status.Running;
          },
        })),
        witness(seen),
      ]);
      stream.sendRequest();
      await stream.responded;
      expect(stream.response?.status).to.equal(401);
      expect(stream.response?.body.toString()).to.equal('no Authorization');
      expect(stream.request.ended).to.equal(false);
      expect(seen).to.deep.equal([]);
    });

    it('keeps other streams flowing while one is Running', async () => {
      const parked: FilterCallbacks[] = [];
      const gate = filter('gate', (callbacks) => ({
        decodeHeaders(headers) {
          if (headers.get('x-wait') === undefined) return Status.Continue;
          parked.push(callbacks);
          return Status.Running;
        },
      }));
      const slow = new FakeStream(gate).sendRequest({ headers: { 'x-wait': '1' } });
      const fast = new FakeStream(gate).sendRequest();
      expect(fast.request.ended).to.equal(true);
      expect(slow.request.ended).to.equal(false);
      parked[0]?.continue();
      await slow.forwarded;
      expect(slow.request.ended).to.equal(true);
    });

    it('resumes at the next filter, not at the start of the chain', async () => {
      let slowRuns = 0;
      const stream = new FakeStream([
        filter('slow', (callbacks) => ({
          decodeHeaders() {
            slowRuns++;
            setImmediate(() => callbacks.continue());
            return Status.Running;
          },
        })),
      ]);
      stream.sendRequest();
      await stream.forwarded;
      expect(slowRuns).to.equal(1);
    });

    it('parks the response path on Status.Running in an encode hook', async () => {
      const stream = new FakeStream(
        filter('slow', (callbacks) => ({
          encodeHeaders(headers) {
            setTimeout(() => {
              headers.set('x-checked', 'yes');
              callbacks.continue();
            }, 1);
            return Status.Running;
          },
        })),
      );
      stream.sendRequest().sendResponse({ status: 200, body: 'ok' });
      expect(stream.response).to.equal(undefined);
      await stream.responded;
      expect(stream.response?.headers.get('x-checked')).to.equal('yes');
      expect(stream.response?.body.toString()).to.equal('ok');
    });

    it('accepts continue() called inside the hook before it returns Status.Running', async () => {
      const stream = new FakeStream(
        filter('eager', (callbacks) => ({
          decodeHeaders() {
            callbacks.continue();
            return Status.Running;
          },
        })),
      );
      stream.sendRequest();
      expect(stream.request.ended).to.equal(true);
    });
  });

  describe('the async-by-default mode', () => {
    it('waits for an async hook and continues when it resolves to Continue', async () => {
      const seen: string[] = [];
      const stream = new FakeStream([
        filter('async', () => ({
          async decodeHeaders() {
            await delay(1);
            return Status.Continue;
          },
        })),
        witness(seen),
      ]);
      stream.sendRequest();
      expect(seen).to.deep.equal([]);
      await stream.forwarded;
      expect(seen).to.have.length(1);
    });

    it('continues when an async hook resolves to nothing', async () => {
      const result = await runFilter(
        filter('async', () => ({
          async decodeHeaders() {
            await flush();
          },
        })),
      );
      expect(result.request.ended).to.equal(true);
      expect(result.localReply).to.equal(undefined);
    });

    it('answers the local reply an async hook sent before resolving to LocalReply', async () => {
      const result = await runFilter(
        filter('async-deny', (callbacks) => ({
          async decodeHeaders() {
            await delay(1);
            callbacks.sendLocalReply(403, 'forbidden');
            return Status.LocalReply;
          },
        })),
      );
      expect(result.localReply?.code).to.equal(403);
      expect(result.localReply?.body).to.equal('forbidden');
      expect(result.request.ended).to.equal(false);
    });

    it('stays parked when an async hook resolves to Running, until continue() is called', async () => {
      let callbacks: FilterCallbacks | undefined;
      const stream = new FakeStream(
        filter('two-step', (cb) => ({
          async decodeHeaders() {
            await flush();
            callbacks = cb;
            return Status.Running;
          },
        })),
      );
      stream.sendRequest();
      await flush();
      await flush();
      expect(callbacks).to.not.equal(undefined);
      expect(stream.request.ended).to.equal(false);
      callbacks?.continue(Status.Continue);
      expect(stream.request.ended).to.equal(true);
    });

    it('applies a StopAndBuffer an async hook resolved to', async () => {
      const bodies: string[] = [];
      const result = await runFilter(
        filter('async-buffer', () => ({
          async decodeHeaders() {
            await flush();
            return Status.StopAndBuffer;
          },
          decodeData(buffer) {
            bodies.push(buffer.toString());
          },
        })),
        { body: ['a', 'b', 'c'] },
      );
      expect(bodies).to.deep.equal(['abc']);
      expect(result.request.body.toString()).to.equal('abc');
    });

    it('keeps other streams flowing while an async hook waits', async () => {
      let release: (() => void) | undefined;
      const gate = filter('gate', () => ({
        async decodeHeaders(headers) {
          if (headers.get('x-wait') === undefined) return;
          await new Promise<void>((resolve) => {
            release = resolve;
          });
        },
      }));
      const slow = new FakeStream(gate).sendRequest({ headers: { 'x-wait': '1' } });
      const fast = new FakeStream(gate).sendRequest();
      await fast.forwarded;
      expect(fast.request.ended).to.equal(true);
      expect(slow.request.ended).to.equal(false);
      release?.();
      await slow.forwarded;
      expect(slow.request.ended).to.equal(true);
    });

    it('runs an async encode hook and sends what it changed', async () => {
      const result = await runFilter(
        filter('async-encode', () => ({
          async encodeData(buffer) {
            await flush();
            buffer.set(buffer.toString().toUpperCase());
          },
        })),
        {},
        { response: { body: 'shout' } },
      );
      expect(result.response?.body.toString()).to.equal('SHOUT');
    });
  });

  describe('header edits', () => {
    it('passes headers changed while Running on to the next filter and the app', async () => {
      const seen: string[] = [];
      const stream = new FakeStream([
        filter('auth', (callbacks) => ({
          decodeHeaders(headers) {
            setTimeout(() => {
              headers.set('x-user', 'alice');
              headers.del('authorization');
              headers.setPath('/private/alice');
              headers.setMethod('post');
              callbacks.continue();
            }, 1);
            return Status.Running;
          },
        })),
        witness(seen),
      ]);
      stream.sendRequest({ path: '/private', headers: { authorization: 'Basic eA==' } });
      await stream.forwarded;
      expect(seen).to.deep.equal(['witness saw x-user=alice']);
      const headers = stream.request.headers;
      expect(headers?.get('x-user')).to.equal('alice');
      expect(headers?.has('authorization')).to.equal(false);
      expect(headers?.path).to.equal('/private/alice');
      expect(headers?.method).to.equal('POST');
    });

    it('passes headers changed by an async hook on to the next filter and the app', async () => {
      const seen: string[] = [];
      const result = await runFilter([
        filter('auth', () => ({
          async decodeHeaders(headers) {
            await delay(1);
            headers.set('x-user', 'bob');
          },
        })),
        witness(seen),
      ]);
      expect(seen).to.deep.equal(['witness saw x-user=bob']);
      expect(result.request.headers?.get('x-user')).to.equal('bob');
    });

    it('sends response headers and status changed while Running to the client', async () => {
      const result = await runFilter(
        filter('rewrite', (callbacks) => ({
          encodeHeaders(headers) {
            setImmediate(() => {
              headers.setStatus(410);
              headers.set('x-gone', 'yes');
              callbacks.continue();
            });
            return Status.Running;
          },
        })),
        {},
        { response: { status: 404 } },
      );
      expect(result.response?.status).to.equal(410);
      expect(result.response?.headers.get('x-gone')).to.equal('yes');
    });
  });

  describe('the start time', () => {
    it('dates the stream from its first pass, even when read only after an async hook waited', async () => {
      let startTime = 0;
      const stream = new FakeStream(
        filter('late-reader', (callbacks) => ({
          async decodeHeaders() {
            await delay(5);
            startTime = callbacks.streamInfo.startTime;
          },
        })),
      );
      const before = Date.now();
      stream.sendRequest();
      const afterFirstPass = Date.now();
      await stream.forwarded;
      expect(startTime).to.be.within(before, afterFirstPass);
    });
  });
});
