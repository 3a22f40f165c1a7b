import http from 'node:http';
import { type Observer, Status } from '@streamfilter/core';
import { withFilters } from '@streamfilter/fetch';
import { expect } from 'chai';
import request from 'supertest';
import { filter, until } from '../../../test/support/filters';
import { listen, type Served } from './support/serve';

/** Opens a GET to `url` and destroys the connection once `when()` holds. */
async function hangUp(url: string, when: () => boolean): Promise<void> {
  const req = http.get(url);
  req.on('error', () => {});
  req.on('response', (res) => res.resume());
  await until(when);
  req.destroy();
}

describe('withFilters(): lifecycle', () => {
  let served: Served | undefined;

  afterEach(async () => {
    await served?.close();
    served = undefined;
  });

  it('runs onLog once after the response body went out, then onDestroy(Normal) once', async () => {
    const events: string[] = [];
    const log = filter('log', () => ({
      onLog: (_req, _rt, res) => void events.push(`log ${res?.status}`),
      onDestroy: (reason) => void events.push(`destroy ${reason}`),
    }));
    served = await listen(withFilters([log], () => new Response('ok', { status: 202 })));
    await request(served.url).get('/').expect(202, 'ok');
    await until(() => events.length === 2);
    expect(events).to.deep.equal(['log 202', 'destroy Normal']);
  });

  it('aborts the filter signal and runs onDestroy(Terminate) when the client goes away while a filter is parked', async () => {
    const events: string[] = [];
    let parked = false;
    const wait = filter('wait', (callbacks) => ({
      decodeHeaders() {
        callbacks.signal.addEventListener('abort', () => void events.push('aborted'));
        parked = true;
        return Status.Running;
      },
      onDestroy: (reason) => void events.push(`destroy ${reason}`),
    }));
    let called = false;
    served = await listen(
      withFilters([wait], () => {
        called = true;
        return new Response('no');
      }),
    );
    await hangUp(served.url, () => parked);
    await until(() => events.length === 2);
    expect(events).to.deep.equal(['aborted', 'destroy Terminate']);
    expect(called).to.equal(false);
  });

  it('runs onDestroy(Terminate) when the client goes away in the middle of a streamed response', async () => {
    const reasons: string[] = [];
    let sent = 0;
    const look = filter('look', () => ({
      encodeData: () => Status.Continue,
      onDestroy: (reason) => void reasons.push(reason),
    }));
    served = await listen(
      withFilters([look], () => {
        const body = new ReadableStream<Uint8Array>({
          pull(controller) {
            sent++;
            controller.enqueue(new Uint8Array(16 * 1024));
          },
        });
        return new Response(body);
      }),
    );
    await hangUp(served.url, () => sent > 4);
    await until(() => reasons.length > 0);
    expect(reasons).to.deep.equal(['Terminate']);
  });

  it('tells observers each hook outcome and the end of the stream', async () => {
    const seen: string[] = [];
    const observer: Observer = {
      stream: () => ({
        hook: (t) => void seen.push(`${t.filter} ${t.phase} ${t.outcome}`),
        end: (info, terminated) => void seen.push(`end ${info.responseCode} ${terminated}`),
      }),
    };
    const deny = filter('deny', (callbacks) => ({
      decodeHeaders: () => callbacks.sendLocalReply(401, 'no'),
    }));
    served = await listen(withFilters([deny], () => new Response('ok'), { observers: [observer] }));
    await request(served.url).get('/').expect(401);
    await until(() => seen.length === 2);
    expect(seen).to.deep.equal(['deny decodeHeaders localReply', 'end 401 false']);
  });

  it('settles its promise, with a 499 nobody reads, when request.signal aborts while a filter is parked', async () => {
    let parked = false;
    const wait = filter('wait', () => ({
      decodeHeaders() {
        parked = true;
        return Status.Running;
      },
      onDestroy() {},
    }));
    const handler = withFilters([wait], () => new Response('no'));
    const client = new AbortController();
    const answer = handler(new Request('http://localhost/', { signal: client.signal }));
    await until(() => parked);
    client.abort();
    expect((await answer).status).to.equal(499);
  });
});
