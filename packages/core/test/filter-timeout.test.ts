import { FilterChain, Status } from '@streamfilter/core';
import { FakeStream, runFilter } from '@streamfilter/core/testing';
import { expect } from 'chai';
import { delay, filter } from '../../../test/support/filters';
import { managerFor, requestHeaders } from './helpers';

/** Spies on setTimeout while `fn` runs: the timers armed, and whether each was unref'd. */
function timersArmedBy(fn: () => void): Array<{ ms: number; refed: boolean }> {
  const armed: Array<{ ms: number; timer: NodeJS.Timeout }> = [];
  const original = globalThis.setTimeout;
  globalThis.setTimeout = ((
    callback: (...args: unknown[]) => void,
    ms: number,
    ...args: unknown[]
  ) => {
    const timer = original(() => callback(...args), ms);
    armed.push({ ms, timer });
    return timer;
  }) as typeof setTimeout;
  try {
    fn();
  } finally {
    globalThis.setTimeout = original;
  }
  const result = armed.map(({ ms, timer }) => ({ ms, refed: timer.hasRef() }));
  for (const { timer } of armed) clearTimeout(timer);
  return result;
}

describe('filterTimeoutMs', () => {
  it('answers 504 filter timed out when a filter stays Running past it', async () => {
    const events: string[] = [];
    const result = await runFilter(
      [
        filter('before', () => ({
          encodeHeaders: (headers) => {
            events.push(`before.encodeHeaders ${headers.status}`);
          },
        })),
        filter('stuck', (callbacks) => ({
          decodeHeaders: () => Status.Running,
          onDestroy: (reason) => {
            events.push(`onDestroy ${reason}, signal aborted: ${callbacks.signal.aborted}`);
          },
        })),
      ],
      {},
      { filterTimeoutMs: 10, logger: () => {} },
    );
    expect(result.localReply).to.deep.include({
      code: 504,
      body: 'filter timed out',
      details: 'filter_timeout',
      filter: 'stuck',
    });
    expect(events).to.deep.equal([
      'before.encodeHeaders 504',
      'onDestroy Terminate, signal aborted: true',
    ]);
  });

  it('aborts the signal when the deadline passes, and logs the filter and phase', async () => {
    let signal: AbortSignal | undefined;
    const stream = new FakeStream(
      filter('slowAuth', (callbacks) => ({
        async decodeData() {
          signal = callbacks.signal;
          await new Promise(() => {});
        },
      })),
      { filterTimeoutMs: 10 },
    );
    stream.sendRequest({ body: 'x' });
    await stream.responded;
    expect(signal?.aborted).to.equal(true);
    expect(stream.response?.status).to.equal(504);
    expect(stream.logs.map((l) => [l.level, l.filter, l.message])).to.deep.equal([
      ['error', 'slowAuth', 'filter "slowAuth" timed out in decodeData after 10 ms'],
    ]);
  });

  it('resets the stream when the response already started', async () => {
    let chunks = 0;
    const stream = new FakeStream(
      filter('stall', () => ({
        encodeData: () => (++chunks === 1 ? Status.Continue : Status.Running),
      })),
      { filterTimeoutMs: 10, logger: () => {} },
    );
    stream.sendRequest();
    stream.sendResponse({ status: 200, body: ['a', 'b'] });
    expect(stream.response?.status).to.equal(200);
    expect(stream.wasReset).to.equal(false);
    await stream.responded;
    expect(stream.wasReset).to.equal(true);
    expect(stream.response?.body.toString()).to.equal('a');
  });

  it('never fires for a filter that went on in time', async () => {
    const result = await runFilter(
      filter('quick', (callbacks) => ({
        decodeHeaders() {
          setTimeout(() => callbacks.continue(), 1);
          return Status.Running;
        },
      })),
      {},
      { filterTimeoutMs: 50 },
    );
    await delay(60);
    expect(result.localReply).to.equal(undefined);
    expect(result.logs).to.deep.equal([]);
  });

  it('arms no timer when no filter parks, and an unref-ed one when one does', () => {
    const sync = new FilterChain([filter('a', () => ({ decodeHeaders: () => {} }))]);
    expect(
      timersArmedBy(() => managerFor(sync).manager.decodeHeaders(requestHeaders(), true)),
    ).to.deep.equal([]);
    const parking = new FilterChain([filter('a', () => ({ decodeHeaders: () => Status.Running }))]);
    const armed = timersArmedBy(() =>
      managerFor(parking).manager.decodeHeaders(requestHeaders(), true),
    );
    expect(armed).to.deep.equal([{ ms: 30_000, refed: false }]);
  });

  it('is disabled by 0', () => {
    const chain = new FilterChain([filter('a', () => ({ decodeHeaders: () => Status.Running }))], {
      filterTimeoutMs: 0,
    });
    expect(
      timersArmedBy(() => managerFor(chain).manager.decodeHeaders(requestHeaders(), true)),
    ).to.deep.equal([]);
  });
});
