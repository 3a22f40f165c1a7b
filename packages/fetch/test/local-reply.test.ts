import { type BufferInstance, Status } from '@streamfilter/core';
import { withFilters } from '@streamfilter/fetch';
import { expect } from 'chai';
import request from 'supertest';
import { filter, until } from '../../../test/support/filters';
import { listen, postInParts, type Served } from './support/serve';

describe('withFilters(): local replies', () => {
  let served: Served | undefined;

  afterEach(async () => {
    await served?.close();
    served = undefined;
  });

  it('answers with the local reply as a Response, without calling the handler', async () => {
    let called = false;
    const deny = filter('deny', (callbacks) => ({
      decodeHeaders: () =>
        callbacks.sendLocalReply(403, 'forbidden', {
          'x-reason': 'policy',
          'set-cookie': ['a=1', 'b=2'],
        }),
    }));
    served = await listen(
      withFilters([deny], () => {
        called = true;
        return new Response('no');
      }),
    );
    const res = await request(served.url).get('/').expect(403, 'forbidden');
    expect(res.headers).to.include({
      'x-reason': 'policy',
      'content-type': 'text/plain; charset=utf-8',
      'content-length': '9',
    });
    expect(res.headers['set-cookie']).to.deep.equal(['a=1', 'b=2']);
    expect(called).to.equal(false);
  });

  it('passes a local reply through the encode hooks of the filters that ran before it', async () => {
    const stamp = filter('stamp', () => ({
      encodeHeaders: (headers) => void headers.set('x-stamp', 'seen'),
    }));
    const deny = filter('deny', (callbacks) => ({
      decodeHeaders: () => callbacks.sendLocalReply(401, 'who are you'),
    }));
    served = await listen(withFilters([stamp, deny], () => new Response('no')));
    const res = await request(served.url).get('/').expect(401, 'who are you');
    expect(res.headers['x-stamp']).to.equal('seen');
  });

  it('answers 500 with a generic body when a hook throws, and keeps serving', async () => {
    const lines: string[] = [];
    const broken = filter('broken', () => ({
      decodeHeaders() {
        throw new Error('secret detail');
      },
    }));
    served = await listen(
      withFilters([broken], () => new Response('no'), {
        logger: (level, message) => void lines.push(`${level}: ${message}`),
      }),
    );
    await request(served.url).get('/').expect(500, 'error happened in filter');
    await request(served.url).get('/').expect(500, 'error happened in filter');
    expect(lines).to.include('error: filter "broken" failed in decodeHeaders');
  });

  it("drops the handler's response when a filter answers after the handler started", async () => {
    let handlerDone = false;
    let handlerStarted = false;
    const cut = filter('cut', (callbacks) => ({
      decodeData(buffer: BufferInstance) {
        if (buffer.toString().includes('stop')) return callbacks.sendLocalReply(422, 'stopped');
      },
    }));
    served = await listen(
      withFilters([cut], async (req) => {
        handlerStarted = true;
        const body = await req.text().catch(() => 'read failed');
        handlerDone = true;
        return new Response(`handler: ${body}`);
      }),
    );
    const res = await postInParts(
      served.url,
      'first part',
      () => until(() => handlerStarted),
      'stop',
    );
    expect(res).to.deep.equal({ status: 422, body: 'stopped' });
    await until(() => handlerDone);
    expect(handlerDone).to.equal(true);
  });

  it('answers 504 when a filter keeps the request parked past filterTimeoutMs', async () => {
    const reasons: string[] = [];
    let aborted = false;
    const stuck = filter('stuck', (callbacks) => ({
      decodeHeaders() {
        callbacks.signal.addEventListener('abort', () => {
          aborted = true;
        });
        return Status.Running;
      },
      onDestroy: (reason) => void reasons.push(reason),
    }));
    served = await listen(
      withFilters([stuck], () => new Response('no'), {
        filterTimeoutMs: 20,
        logger: () => {},
      }),
    );
    await request(served.url).get('/').expect(504, 'filter timed out');
    await until(() => reasons.length > 0);
    expect(reasons).to.deep.equal(['Terminate']);
    expect(aborted).to.equal(true);
  });
});
