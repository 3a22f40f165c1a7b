import { promiseHooks } from 'node:v8';
import {
  FilterChain,
  type HookTiming,
  type Observer,
  Status,
  type StreamInfo,
  slowFilterLog,
} from '@streamfilter/core';
import { FakeStream, type LogLine, runFilter } from '@streamfilter/core/testing';
import { expect } from 'chai';
import { delay, filter } from '../../../test/support/filters';
import { managerFor, requestHeaders } from './helpers';

/** An observer that records what it hears, per stream. */
function recorder() {
  const streams: StreamInfo[] = [];
  const hooks: HookTiming[] = [];
  const ends: Array<{ info: StreamInfo; terminated: boolean }> = [];
  const observer: Observer = {
    stream(info) {
      streams.push(info);
      return {
        hook: (timing) => hooks.push(timing),
        end: (info, terminated) => ends.push({ info, terminated }),
      };
    },
  };
  return { observer, streams, hooks, ends };
}

/** Counts the calls to `performance.now()` and the promises created while `fn` runs. */
function clockAndPromises(fn: () => void): { clock: number; promises: number } {
  let clock = 0;
  let promises = 0;
  const now = performance.now;
  performance.now = () => {
    clock++;
    return now.call(performance);
  };
  const stop = promiseHooks.onInit(() => {
    promises++;
  });
  try {
    fn();
  } finally {
    stop();
    performance.now = now;
  }
  return { clock, promises };
}

describe('observers', () => {
  it('hears of each stream once, synchronously, with its method and path', () => {
    const { observer, streams } = recorder();
    const stream = new FakeStream([filter('a')], { observers: [observer] });
    stream.sendRequest({ method: 'POST', path: '/orders?id=1' });
    expect(streams).to.have.length(1);
    expect(streams[0]?.method).to.equal('POST');
    expect(streams[0]?.path).to.equal('/orders?id=1');
  });

  it('reports each hook call: filter, index, phase, outcome and times', async () => {
    const { observer, hooks } = recorder();
    await runFilter(
      [
        filter('sync', () => ({ decodeHeaders: () => Status.Continue })),
        filter('async', () => ({
          async decodeHeaders() {
            await delay(2);
          },
          encodeHeaders: () => {},
        })),
      ],
      {},
      { observers: [observer] },
    );
    expect(hooks.map((h) => [h.filter, h.index, h.phase, h.outcome])).to.deep.equal([
      ['sync', 0, 'decodeHeaders', 'continue'],
      ['async', 1, 'decodeHeaders', 'continue'],
      ['async', 1, 'encodeHeaders', 'continue'],
    ]);
    for (const h of hooks) {
      expect(h.start).to.be.a('number');
      expect(h.duration).to.be.at.least(h.parked);
      expect(h.parked).to.be.at.least(0);
    }
    expect(hooks[0]?.parked).to.equal(0);
    expect(hooks[1]?.parked).to.be.above(0);
  });

  it('reports a filter that parked with Running and went on with continue()', async () => {
    const { observer, hooks } = recorder();
    await runFilter(
      filter('later', (callbacks) => ({
        decodeHeaders() {
          setTimeout(() => callbacks.continue(), 1);
          return Status.Running;
        },
      })),
      {},
      { observers: [observer] },
    );
    expect(hooks.map((h) => h.outcome)).to.deep.equal(['continue']);
    expect(hooks[0]?.parked).to.be.above(0);
  });

  it('reports buffering as stop, a local reply with its code and details, and a failure', async () => {
    const { observer, hooks } = recorder();
    const boom = new Error('boom');
    await runFilter(
      [
        filter('buffer', () => ({
          decodeHeaders: () => Status.StopAndBuffer,
          decodeData: () => Status.Continue,
        })),
        filter('deny', (callbacks) => ({
          decodeData: () => callbacks.sendLocalReply(403, 'no', {}, -1, 'denied'),
        })),
      ],
      { body: 'x' },
      { observers: [observer], logger: () => {} },
    );
    await runFilter(
      filter('broken', () => ({
        decodeHeaders() {
          throw boom;
        },
      })),
      {},
      { observers: [observer], logger: () => {} },
    );
    const summary = hooks.map((h) => `${h.filter} ${h.phase} ${h.outcome}`);
    expect(summary).to.deep.equal([
      'buffer decodeHeaders stop',
      'buffer decodeData continue',
      'deny decodeData localReply',
      'broken decodeHeaders error',
    ]);
    expect(hooks[2]).to.include({ code: 403, details: 'denied' });
    expect(hooks[3]?.error).to.equal(boom);
  });

  it('hears the end once, terminated when the client went away', () => {
    const { observer, ends } = recorder();
    const chain = new FilterChain(
      [filter('park', () => ({ decodeHeaders: () => Status.Running }))],
      {
        observers: [observer],
      },
    );
    const { manager } = managerFor(chain);
    manager.decodeHeaders(requestHeaders(), true);
    manager.destroy();
    manager.complete();
    expect(ends.map((e) => e.terminated)).to.deep.equal([true]);
  });

  it('keeps the stream going when an observer throws, and logs it', async () => {
    const logs: LogLine[] = [];
    const throwing: Observer = {
      stream: () => ({
        hook() {
          throw new Error('observer bug');
        },
      }),
    };
    const result = await runFilter(
      filter('a', () => ({ decodeHeaders: () => {} })),
      {},
      {
        observers: [throwing],
        logger: (level, message) => logs.push({ level, message }),
      },
    );
    expect(result.response?.status).to.equal(200);
    expect(logs.map((l) => l.message)).to.deep.equal(['an observer failed in hook()']);
  });

  it('costs nothing without observers: no clock read, no promise', () => {
    const chain = new FilterChain([
      filter('a', () => ({ decodeHeaders: () => Status.Continue })),
      filter('b', () => ({ decodeHeaders: () => {} })),
    ]);
    managerFor(chain).manager.decodeHeaders(requestHeaders(), true); // learns the phases
    const cost = clockAndPromises(() => {
      managerFor(chain).manager.decodeHeaders(requestHeaders(), true);
    });
    expect(cost).to.deep.equal({ clock: 0, promises: 0 });
    const observed = new FilterChain(chain.filters, { observers: [recorder().observer] });
    const seen = clockAndPromises(() => {
      managerFor(observed).manager.decodeHeaders(requestHeaders(), true);
    });
    expect(seen.clock).to.be.above(0);
    expect(seen.promises).to.equal(0);
  });
});

describe('slowFilterLog()', () => {
  const slow = filter('slowAuth', () => ({
    async decodeHeaders() {
      await delay(5);
    },
  }));

  it('logs a stream whose hooks took longer than the threshold, once, with each filter', async () => {
    const lines: LogLine[] = [];
    const log = slowFilterLog({
      thresholdMs: 1,
      logger: (level, message) => lines.push({ level, message }),
    });
    await runFilter(
      [slow],
      { path: '/api/users?token=s3cret', headers: { authorization: 'Basic Zm9vOmJhcg==' } },
      {
        observers: [log],
      },
    );
    expect(lines).to.have.length(1);
    expect(lines[0]?.level).to.equal('warn');
    expect(lines[0]?.message).to.match(
      /^slow filters: [\d.]+ ms in hooks for GET \/api\/users \(slowAuth decodeHeaders [\d.]+ ms\)$/,
    );
    expect(lines[0]?.message).not.to.contain('s3cret');
    expect(lines[0]?.message).not.to.contain('Zm9v');
  });

  it('says nothing about a stream under the threshold', async () => {
    const lines: string[] = [];
    const log = slowFilterLog({
      thresholdMs: 60_000,
      logger: (_l, message) => lines.push(message),
    });
    await runFilter([slow], {}, { observers: [log] });
    expect(lines).to.deep.equal([]);
  });

  it('refuses a threshold that is not a number', () => {
    expect(() => slowFilterLog({ thresholdMs: Number.NaN })).to.throw(TypeError, /thresholdMs/);
  });
});
