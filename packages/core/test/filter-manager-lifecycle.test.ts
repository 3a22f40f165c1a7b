import { type DestroyReason, type FilterCallbacks, Status } from '@streamfilter/core';
import { FakeStream, type LogLine, runFilter } from '@streamfilter/core/testing';
import { expect } from 'chai';
import { filter } from '../../../test/support/filters';
import { flush, requestHeaders } from './helpers';

function warnings(logs: LogLine[]): LogLine[] {
  return logs.filter((line) => line.level === 'warn');
}

/** A filter that parks on decodeHeaders and hands out its callbacks. */
function parking(out: { callbacks?: FilterCallbacks; reasons: DestroyReason[] }) {
  return filter('parking', (callbacks) => {
    out.callbacks = callbacks;
    return {
      decodeHeaders: () => Status.Running,
      onDestroy(reason) {
        out.reasons.push(reason);
      },
    };
  });
}

/** A filter that lets everything through and hands out its callbacks. */
function holder(out: { callbacks?: FilterCallbacks }) {
  return filter('holder', (callbacks) => {
    out.callbacks = callbacks;
    return { decodeHeaders: () => Status.Continue };
  });
}

describe('FilterManager lifecycle', () => {
  describe('late and repeated callbacks', () => {
    it('ignores a second continue() and logs it once', () => {
      const out: { callbacks?: FilterCallbacks; reasons: DestroyReason[] } = { reasons: [] };
      const stream = new FakeStream(parking(out)).sendRequest();
      out.callbacks?.continue();
      out.callbacks?.continue();
      out.callbacks?.continue();
      expect(stream.request.ended).to.equal(true);
      const [line, ...rest] = warnings(stream.logs);
      expect(rest).to.have.length(0);
      expect(line?.filter).to.equal('parking');
      expect(line?.message).to.contain('continue()');
    });

    it('keeps the first local reply when sendLocalReply() is called twice', () => {
      const out: { callbacks?: FilterCallbacks; reasons: DestroyReason[] } = { reasons: [] };
      const stream = new FakeStream(parking(out)).sendRequest();
      out.callbacks?.sendLocalReply(401, 'first');
      const first = stream.response;
      out.callbacks?.sendLocalReply(403, 'second');
      expect(stream.response).to.equal(first);
      expect(stream.response?.status).to.equal(401);
      expect(stream.response?.body.toString()).to.equal('first');
      expect(warnings(stream.logs)).to.have.length(1);
    });

    it('ignores continue() after a local reply', () => {
      const out: { callbacks?: FilterCallbacks; reasons: DestroyReason[] } = { reasons: [] };
      const stream = new FakeStream(parking(out)).sendRequest();
      out.callbacks?.sendLocalReply(401, 'no');
      out.callbacks?.continue();
      expect(stream.request.ended).to.equal(false);
      expect(stream.response?.status).to.equal(401);
      expect(warnings(stream.logs)).to.have.length(1);
    });

    it('ignores callbacks after the stream completed, logging once', () => {
      const out: { callbacks?: FilterCallbacks } = {};
      const stream = new FakeStream(holder(out))
        .sendRequest()
        .sendResponse({ status: 200 })
        .complete();
      const sent = stream.response;
      out.callbacks?.continue();
      out.callbacks?.sendLocalReply(500, 'late');
      expect(stream.response).to.equal(sent);
      expect(stream.response?.status).to.equal(200);
      expect(stream.wasReset).to.equal(false);
      expect(warnings(stream.logs)).to.have.length(1);
    });

    it('ignores sendLocalReply() once the response was sent, even before complete()', () => {
      const out: { callbacks?: FilterCallbacks } = {};
      const stream = new FakeStream(holder(out))
        .sendRequest()
        .sendResponse({ status: 200, body: 'ok' });
      out.callbacks?.sendLocalReply(403, 'too late');
      expect(stream.response?.status).to.equal(200);
      expect(stream.response?.body.toString()).to.equal('ok');
      expect(stream.wasReset).to.equal(false);
      expect(warnings(stream.logs)).to.have.length(1);
    });

    it('ignores callbacks after the client disconnected, logging once', () => {
      const out: { callbacks?: FilterCallbacks; reasons: DestroyReason[] } = { reasons: [] };
      const stream = new FakeStream(parking(out)).sendRequest();
      stream.disconnect();
      out.callbacks?.continue();
      out.callbacks?.sendLocalReply(401, 'no');
      out.callbacks?.continue();
      expect(stream.request.ended).to.equal(false);
      expect(stream.response).to.equal(undefined);
      expect(warnings(stream.logs)).to.have.length(1);
    });

    it('ignores continue(Status.Running) and stays parked', () => {
      const out: { callbacks?: FilterCallbacks; reasons: DestroyReason[] } = { reasons: [] };
      const stream = new FakeStream(parking(out)).sendRequest();
      out.callbacks?.continue(Status.Running);
      expect(stream.request.ended).to.equal(false);
      out.callbacks?.continue();
      expect(stream.request.ended).to.equal(true);
    });
  });

  describe('destroy', () => {
    it('runs onDestroy(Terminate) once when the client goes away while a filter is Running', () => {
      const out: { callbacks?: FilterCallbacks; reasons: DestroyReason[] } = { reasons: [] };
      const stream = new FakeStream(parking(out)).sendRequest();
      stream.disconnect();
      stream.disconnect();
      stream.complete();
      expect(out.reasons).to.deep.equal(['Terminate']);
    });

    it('aborts the signal a Running filter holds', () => {
      const out: { callbacks?: FilterCallbacks; reasons: DestroyReason[] } = { reasons: [] };
      const stream = new FakeStream(parking(out)).sendRequest();
      const signal = out.callbacks?.signal;
      let aborts = 0;
      signal?.addEventListener('abort', () => aborts++);
      expect(signal?.aborted).to.equal(false);
      stream.disconnect();
      expect(signal?.aborted).to.equal(true);
      expect(aborts).to.equal(1);
    });

    it('hands out an already aborted signal after the stream was destroyed', () => {
      const out: { callbacks?: FilterCallbacks; reasons: DestroyReason[] } = { reasons: [] };
      const stream = new FakeStream(parking(out)).sendRequest();
      stream.disconnect();
      expect(out.callbacks?.signal.aborted).to.equal(true);
    });

    it('does not abort the signal when the stream ends normally', async () => {
      let signal: AbortSignal | undefined;
      await runFilter(
        filter('watcher', (callbacks) => ({
          decodeHeaders() {
            signal = callbacks.signal;
          },
        })),
      );
      expect(signal?.aborted).to.equal(false);
    });

    it('lets an async hook see the abort and stop its work', async () => {
      let sawAbort = false;
      const stream = new FakeStream(
        filter('fetcher', (callbacks) => ({
          decodeHeaders() {
            return new Promise<Status>((resolve) => {
              callbacks.signal.addEventListener('abort', () => {
                sawAbort = true;
                resolve(Status.Continue);
              });
            });
          },
        })),
      );
      stream.sendRequest();
      stream.disconnect();
      await flush();
      expect(sawAbort).to.equal(true);
      expect(stream.request.ended).to.equal(false);
    });

    it('runs onDestroy(Terminate) when the client goes away before the response', () => {
      const reasons: DestroyReason[] = [];
      const stream = new FakeStream(
        filter('plain', () => ({
          onDestroy(reason) {
            reasons.push(reason);
          },
        })),
      );
      stream.sendRequest().disconnect();
      expect(reasons).to.deep.equal(['Terminate']);
    });

    it('runs onDestroy(Terminate) when complete() comes while a filter still buffers', () => {
      const reasons: DestroyReason[] = [];
      const stream = new FakeStream(
        filter('buffering', () => ({
          decodeHeaders: () => Status.StopAndBuffer,
          onDestroy(reason) {
            reasons.push(reason);
          },
        })),
      );
      stream.manager.decodeHeaders(requestHeaders(), false);
      stream.manager.decodeData(Buffer.from('partial'), false);
      stream.complete();
      expect(reasons).to.deep.equal(['Terminate']);
    });
  });

  describe('normal end', () => {
    it('runs onDestroy(Normal) once for every filter', async () => {
      const reasons: string[] = [];
      const tracked = (name: string) =>
        filter(name, () => ({
          onDestroy(reason) {
            reasons.push(`${name}:${reason}`);
          },
        }));
      const result = await runFilter([tracked('a'), tracked('b')]);
      expect(result.response?.status).to.equal(200);
      expect(reasons).to.deep.equal(['a:Normal', 'b:Normal']);
    });

    it('runs onLog once, after the response completed, then onDestroy', async () => {
      const events: string[] = [];
      let stream: FakeStream | undefined;
      stream = new FakeStream(
        filter('logger', () => ({
          onLog(requestHeaders, _requestTrailers, responseHeaders) {
            events.push(
              `onLog ${requestHeaders.path} ${responseHeaders?.status} ended=${stream?.response?.ended}`,
            );
          },
          onDestroy(reason) {
            events.push(`onDestroy ${reason}`);
          },
        })),
      );
      stream.sendRequest({ path: '/logged' }).sendResponse({ status: 201 });
      expect(events).to.deep.equal([]);
      stream.complete();
      stream.complete();
      expect(events).to.deep.equal(['onLog /logged 201 ended=true', 'onDestroy Normal']);
    });

    it('runs onLog with the local reply as the response headers', async () => {
      let logged: number | undefined;
      await runFilter(
        filter('deny', (callbacks) => ({
          decodeHeaders() {
            callbacks.sendLocalReply(429, 'slow down');
            return Status.LocalReply;
          },
          onLog(_req, _reqTrailers, responseHeaders) {
            logged = responseHeaders?.status;
          },
        })),
      );
      expect(logged).to.equal(429);
    });

    it('keeps going when onLog or onDestroy throws, and logs it', async () => {
      const reasons: string[] = [];
      const result = await runFilter([
        filter('a', () => ({
          onLog() {
            throw new Error('log failed');
          },
          onDestroy() {
            throw new Error('destroy failed');
          },
        })),
        filter('b', () => ({
          onDestroy(reason) {
            reasons.push(reason);
          },
        })),
      ]);
      expect(reasons).to.deep.equal(['Normal']);
      expect(result.response?.status).to.equal(200);
      expect(result.logs.filter((l) => l.level === 'error').map((l) => l.filter)).to.deep.equal([
        'a',
        'a',
      ]);
    });

    it('shares streamInfo metadata between filters', async () => {
      let seen: unknown;
      await runFilter([
        filter('first', (callbacks) => ({
          decodeHeaders() {
            callbacks.streamInfo.metadata.set('user', 'alice');
          },
        })),
        filter('second', (callbacks) => ({
          decodeHeaders() {
            seen = callbacks.streamInfo.metadata.get('user');
          },
        })),
      ]);
      expect(seen).to.equal('alice');
    });

    it('records the response code and via_upstream details for an app response', async () => {
      const result = await runFilter(filter('a'), {}, { response: { status: 204 } });
      expect(result.streamInfo.responseCode).to.equal(204);
      expect(result.streamInfo.responseCodeDetails).to.equal('via_upstream');
      expect(result.localReply).to.equal(undefined);
    });
  });
});
