import { type BufferInstance, Status } from '@streamfilter/core';
import { withFilters } from '@streamfilter/fetch';
import { expect } from 'chai';
import request from 'supertest';
import { delay, filter } from '../../../test/support/filters';
import { listen, type Served } from './support/serve';

const text = async (req: Request) => new Response(await req.text());

/** Upper-cases the whole request body once it is buffered. */
const upperBody = filter('upper', () => ({
  decodeData(buffer: BufferInstance, endStream: boolean) {
    if (!endStream) return Status.StopAndBuffer;
    buffer.set(buffer.toString().toUpperCase());
  },
}));

describe('withFilters(): the request body', () => {
  let served: Served | undefined;

  afterEach(async () => {
    await served?.close();
    served = undefined;
  });

  it('hands the handler the body a StopAndBuffer filter rewrote, with its new length', async () => {
    let length: string | null = null;
    served = await listen(
      withFilters([upperBody], async (req) => {
        length = req.headers.get('content-length');
        return text(req);
      }),
    );
    await request(served.url).post('/').send('hello').expect(200, 'HELLO');
    expect(length).to.equal('5');
  });

  it('streams the body through a filter chunk by chunk, each chunk seen once', async () => {
    const seen: number[] = [];
    const count = filter('count', () => ({
      decodeData(buffer: BufferInstance) {
        seen.push(buffer.length);
      },
    }));
    served = await listen(withFilters([count], text));
    const body = 'x'.repeat(256 * 1024);
    const res = await request(served.url).post('/').send(body).expect(200);
    expect(res.text).to.equal(body);
    expect(seen.reduce((a, b) => a + b, 0)).to.equal(body.length);
    expect(seen.length).to.be.greaterThan(1);
  });

  it('answers 413 when a StopAndBuffer body passes maxRequestBodyBytes, without calling the handler', async () => {
    let called = false;
    served = await listen(
      withFilters(
        [upperBody],
        () => {
          called = true;
          return new Response('no');
        },
        { maxRequestBodyBytes: 1024 },
      ),
    );
    await request(served.url).post('/').send('x'.repeat(4096)).expect(413, 'Payload Too Large');
    expect(called).to.equal(false);
  });

  it('tells data hooks of a request without a body nothing, and gives the handler no body', async () => {
    const calls: boolean[] = [];
    served = await listen(
      withFilters(
        [
          filter('data', () => ({
            decodeHeaders: (_h, endStream) => void calls.push(endStream),
            decodeData: () => void calls.push(false),
          })),
        ],
        (req) => new Response(String(req.body)),
      ),
    );
    await request(served.url).get('/').expect(200, 'null');
    expect(calls).to.deep.equal([true]);
  });

  it('reads no body when no filter has a data hook: the handler reads it', async () => {
    served = await listen(withFilters([filter('headers', () => ({ decodeHeaders() {} }))], text));
    await request(served.url).post('/').send('untouched').expect(200, 'untouched');
  });

  it('reads the body no faster than the handler does: back-pressure, not memory', async () => {
    const seen: number[] = [];
    const count = filter('count', () => ({
      decodeData: (buffer: BufferInstance) => void seen.push(buffer.length),
    }));
    served = await listen(
      withFilters([count], async (req) => {
        await delay(50); // time enough for a pump without back-pressure to read it all
        const before = seen.length;
        const body = await req.arrayBuffer();
        return Response.json({ before, length: body.byteLength });
      }),
    );
    const size = 4 * 1024 * 1024;
    const res = await request(served.url).post('/').send(Buffer.alloc(size, 'x')).expect(200);
    expect(res.body.length).to.equal(size);
    expect(res.body.before).to.be.at.most(2);
  });
});
