import http from 'node:http';
import { type BufferInstance, Status } from '@streamfilter/core';
import { withFilters } from '@streamfilter/fetch';
import { expect } from 'chai';
import request from 'supertest';
import { delay, filter } from '../../../test/support/filters';
import { chunked, listen, type Served } from './support/serve';

describe('withFilters(): the response', () => {
  let served: Served | undefined;

  afterEach(async () => {
    await served?.close();
    served = undefined;
  });

  it('sends the status and headers the encode hooks left, set, added and deleted', async () => {
    const edit = filter('edit', () => ({
      async encodeHeaders(headers) {
        await delay(1);
        headers.setStatus(headers.status === 404 ? 410 : headers.status);
        headers.set('x-filtered', '1');
        headers.del('x-internal');
      },
    }));
    served = await listen(
      withFilters(
        [edit],
        () => new Response('gone', { status: 404, headers: { 'x-internal': 'secret' } }),
      ),
    );
    const res = await request(served.url).get('/').expect(410, 'gone');
    expect(res.headers['x-filtered']).to.equal('1');
    expect(res.headers).to.not.have.property('x-internal');
  });

  it('keeps set-cookie lines apart, for the filters and for the client', async () => {
    let seen: string[] = [];
    const cookies = filter('cookies', () => ({
      encodeHeaders(headers) {
        seen = headers.values('set-cookie');
        headers.add('set-cookie', 'c=3');
      },
    }));
    served = await listen(
      withFilters([cookies], () => {
        const headers = new Headers();
        headers.append('set-cookie', 'a=1; Path=/');
        headers.append('set-cookie', 'b=2, with a comma');
        return new Response('ok', { headers });
      }),
    );
    const res = await request(served.url).get('/').expect(200);
    expect(seen).to.deep.equal(['a=1; Path=/', 'b=2, with a comma']);
    expect(res.headers['set-cookie']).to.deep.equal(['a=1; Path=/', 'b=2, with a comma', 'c=3']);
  });

  it('sends the body a StopAndBuffer encodeData rewrote, with its new content-length', async () => {
    const wrap = filter('wrap', () => ({
      encodeData(buffer: BufferInstance, endStream: boolean) {
        if (!endStream) return Status.StopAndBuffer;
        buffer.set(`[${buffer.toString()}]`);
      },
    }));
    served = await listen(withFilters([wrap], () => new Response(chunked(['a', 'b', 'c']))));
    const res = await request(served.url).get('/').expect(200, '[abc]');
    expect(res.headers['content-length']).to.equal('5');
  });

  it('streams a response through encodeData chunk by chunk', async () => {
    const seen: string[] = [];
    const upper = filter('upper', () => ({
      encodeData(buffer: BufferInstance) {
        seen.push(buffer.toString());
        buffer.set(buffer.toString().toUpperCase());
      },
    }));
    served = await listen(withFilters([upper], () => new Response(chunked(['ab', 'cd', 'ef']))));
    const res = await request(served.url).get('/').expect(200, 'ABCDEF');
    expect(res.headers['transfer-encoding']).to.equal('chunked');
    expect(seen.filter((s) => s !== '')).to.deep.equal(['ab', 'cd', 'ef']);
  });

  it('answers 500 when a StopAndBuffer response body passes maxResponseBodyBytes', async () => {
    const hold = filter('hold', () => ({
      encodeData: (_b: BufferInstance, endStream: boolean) =>
        endStream ? Status.Continue : Status.StopAndBuffer,
    }));
    served = await listen(
      withFilters([hold], () => new Response(chunked(['x'.repeat(600), 'y'.repeat(600)])), {
        maxResponseBodyBytes: 1000,
      }),
    );
    await request(served.url).get('/').expect(500, 'Internal Server Error');
  });

  it('passes a response without a body through the encode hooks with endStream', async () => {
    const ends: boolean[] = [];
    const look = filter('look', () => ({
      encodeHeaders: (_h, endStream) => void ends.push(endStream),
      encodeData: () => void ends.push(false),
    }));
    served = await listen(withFilters([look], () => new Response(null, { status: 204 })));
    await request(served.url).get('/').expect(204);
    expect(ends).to.deep.equal([true]);
  });

  it('rejects with a TypeError when the handler returns something that is not a Response', async () => {
    const handler = withFilters(
      [filter('log', () => ({ onLog() {} }))],
      () => ({ body: 'not a response' }) as unknown as Response,
    );
    const error = await Promise.resolve(handler(new Request('http://localhost/'))).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).to.be.instanceOf(TypeError);
    expect((error as Error).message).to.equal('the handler must return a Response, got an object');
  });

  it('rejects as the handler did, so the host answers its error', async () => {
    served = await listen(
      withFilters([filter('log', () => ({ onLog() {} }))], () => {
        throw new Error('handler failed');
      }),
    );
    await request(served.url).get('/').expect(500);
  });

  it("reads the handler's body no faster than the client takes it: back-pressure, not memory", async () => {
    let pulled = 0;
    const look = filter('look', () => ({ encodeData: () => Status.Continue }));
    served = await listen(
      withFilters([look], () => {
        const endless = new ReadableStream<Uint8Array>({
          pull(controller) {
            pulled++;
            controller.enqueue(new Uint8Array(64 * 1024));
          },
        });
        return new Response(endless);
      }),
    );
    const req = http.get(served.url);
    req.on('error', () => {});
    const res = await new Promise<http.IncomingMessage>((resolve) => req.on('response', resolve));
    res.pause(); // a client that reads nothing
    await delay(200); // time enough for a pump without back-pressure to pull thousands of chunks
    const whilePaused = pulled;
    req.destroy();
    expect(whilePaused).to.be.greaterThan(0);
    expect(whilePaused).to.be.below(500); // socket buffers hold a few MiB: 64 KiB chunks
  });
});
