import { FilterChain, Status } from '@streamfilter/core';
import { FakeStream, runFilter } from '@streamfilter/core/testing';
import { expect } from 'chai';
import { filter } from '../../../test/support/filters';
import { managerFor, requestHeaders } from './helpers';

type Call = [string, boolean];

/** A filter that buffers on headers and records each data hook call. */
function bufferOnHeaders(name: string, calls: Call[], onData?: (body: string) => string) {
  return filter(name, () => ({
    decodeHeaders: () => Status.StopAndBuffer,
    decodeData(buffer, endStream) {
      calls.push([buffer.toString(), endStream]);
      if (onData) buffer.set(onData(buffer.toString()));
    },
  }));
}

function tracer(name: string, seen: string[]) {
  return filter(name, () => ({
    decodeHeaders() {
      seen.push(`${name}.decodeHeaders`);
    },
    decodeData(buffer, endStream) {
      seen.push(`${name}.decodeData ${JSON.stringify(buffer.toString())} ${endStream}`);
    },
  }));
}

describe('FilterManager buffering', () => {
  describe('StopAndBuffer on the request', () => {
    it('runs the data hook once, with the whole body, at end of stream', async () => {
      const calls: Call[] = [];
      const result = await runFilter(bufferOnHeaders('buf', calls), { body: ['ab', 'cd', 'ef'] });
      expect(calls).to.deep.equal([['abcdef', true]]);
      expect(result.request.body.toString()).to.equal('abcdef');
    });

    it('holds the headers from later filters and the app until the body is complete', () => {
      const seen: string[] = [];
      const stream = new FakeStream([bufferOnHeaders('buf', []), tracer('later', seen)]);
      stream.manager.decodeHeaders(requestHeaders(), false);
      stream.manager.decodeData(Buffer.from('ab'), false);
      expect(seen).to.deep.equal([]);
      expect(stream.request.headers).to.equal(undefined);
      stream.manager.decodeData(Buffer.from('cd'), true);
      expect(seen).to.deep.equal(['later.decodeHeaders', 'later.decodeData "abcd" true']);
      expect(stream.request.headers).to.not.equal(undefined);
    });

    it('buffers from a data hook onwards when decodeData returns StopAndBuffer', async () => {
      const calls: Call[] = [];
      const result = await runFilter(
        filter('late-buffer', () => ({
          decodeData(buffer, endStream) {
            calls.push([buffer.toString(), endStream]);
            return endStream ? Status.Continue : Status.StopAndBuffer;
          },
        })),
        { body: ['a', 'b', 'c'] },
      );
      expect(calls).to.deep.equal([
        ['a', false],
        ['abc', true],
      ]);
      expect(result.request.body.toString()).to.equal('abc');
    });

    it('answers 413 when the body grows past maxRequestBodyBytes', async () => {
      const calls: Call[] = [];
      const result = await runFilter(
        bufferOnHeaders('buf', calls),
        { body: ['12345', '67890', 'x'] },
        { maxRequestBodyBytes: 10 },
      );
      expect(result.localReply?.code).to.equal(413);
      expect(result.localReply?.body).to.equal('Payload Too Large');
      expect(result.localReply?.details).to.equal('request_payload_too_large');
      expect(result.localReply?.filter).to.equal('buf');
      expect(calls).to.deep.equal([]);
      expect(result.request.headers).to.equal(undefined);
    });

    it('accepts a body of exactly maxRequestBodyBytes', async () => {
      const calls: Call[] = [];
      const result = await runFilter(
        bufferOnHeaders('buf', calls),
        { body: ['12345', '67890'] },
        { maxRequestBodyBytes: 10 },
      );
      expect(result.localReply).to.equal(undefined);
      expect(calls).to.deep.equal([['1234567890', true]]);
    });

    it('treats StopAndBuffer from decodeHeaders as Continue when there is no body', async () => {
      const calls: Call[] = [];
      const result = await runFilter(bufferOnHeaders('buf', calls));
      expect(result.request.ended).to.equal(true);
      expect(calls).to.deep.equal([]);
    });

    it('runs the data hook with the whole body, then the trailers hook, when trailers arrive', async () => {
      const seen: string[] = [];
      const result = await runFilter(
        filter('buf', () => ({
          decodeHeaders: () => Status.StopAndBuffer,
          decodeData(buffer, endStream) {
            seen.push(`data ${buffer.toString()} ${endStream}`);
          },
          decodeTrailers(trailers) {
            seen.push(`trailers ${trailers.get('x-checksum')}`);
          },
        })),
        { body: ['ab', 'cd'], trailers: { 'x-checksum': '42' } },
      );
      expect(seen).to.deep.equal(['data abcd false', 'trailers 42']);
      expect(result.request.body.toString()).to.equal('abcd');
      expect(result.request.trailers?.get('x-checksum')).to.equal('42');
    });

    it('corrects content-length when the filter changed the whole body', async () => {
      const result = await runFilter(
        bufferOnHeaders('redact', [], (body) => body.replace('secret', 'x')),
        { method: 'POST', headers: { 'content-length': '13' }, body: ['my ', 'secret', 'data'] },
      );
      expect(result.request.body.toString()).to.equal('my xdata');
      expect(result.request.headers?.get('content-length')).to.equal('8');
    });

    it('lets a buffering filter answer with a local reply after seeing the body', async () => {
      const result = await runFilter(
        filter('validator', (callbacks) => ({
          decodeHeaders: () => Status.StopAndBuffer,
          decodeData(buffer) {
            if (buffer.toString().includes('bad')) {
              callbacks.sendLocalReply(400, 'bad body', undefined, undefined, 'bad-request');
              return Status.LocalReply;
            }
          },
        })),
        { body: ['is ', 'bad'] },
      );
      expect(result.localReply?.code).to.equal(400);
      expect(result.localReply?.details).to.equal('bad-request');
      expect(result.request.headers).to.equal(undefined);
    });
  });

  describe('StopAndBufferWatermark', () => {
    it('calls the data hook again with the accumulated data on each chunk', async () => {
      const calls: Call[] = [];
      const result = await runFilter(
        filter('watermark', () => ({
          decodeHeaders: () => Status.StopAndBufferWatermark,
          decodeData(buffer, endStream) {
            calls.push([buffer.toString(), endStream]);
            return endStream ? Status.Continue : Status.StopAndBufferWatermark;
          },
        })),
        { body: ['a', 'b', 'c'] },
      );
      expect(calls).to.deep.equal([
        ['a', false],
        ['ab', false],
        ['abc', true],
      ]);
      expect(result.request.body.toString()).to.equal('abc');
    });

    it('passes everything accumulated on when the filter continues early', async () => {
      const calls: Call[] = [];
      const result = await runFilter(
        filter('watermark', () => ({
          decodeHeaders: () => Status.StopAndBufferWatermark,
          decodeData(buffer, endStream) {
            calls.push([buffer.toString(), endStream]);
            return buffer.length >= 2 ? Status.Continue : Status.StopAndBufferWatermark;
          },
        })),
        { body: ['a', 'b', 'c'] },
      );
      expect(calls).to.deep.equal([
        ['a', false],
        ['ab', false],
        ['c', true],
      ]);
      expect(result.request.body.toString()).to.equal('abc');
    });

    it('does not answer 413 past maxRequestBodyBytes', async () => {
      const result = await runFilter(
        filter('watermark', () => ({
          decodeHeaders: () => Status.StopAndBufferWatermark,
          decodeData: (_buffer, endStream) =>
            endStream ? Status.Continue : Status.StopAndBufferWatermark,
        })),
        { body: ['12345', '67890', 'abc'] },
        { maxRequestBodyBytes: 4 },
      );
      expect(result.localReply).to.equal(undefined);
      expect(result.request.body.toString()).to.equal('1234567890abc');
    });

    it('pauses the request flow while more than maxRequestBodyBytes is held, then resumes', () => {
      const chain = new FilterChain(
        [
          filter('watermark', () => ({
            decodeHeaders: () => Status.StopAndBufferWatermark,
            decodeData: (_buffer, endStream) =>
              endStream ? Status.Continue : Status.StopAndBufferWatermark,
          })),
        ],
        { maxRequestBodyBytes: 4 },
      );
      const { manager, record } = managerFor(chain);
      manager.decodeHeaders(requestHeaders(), false);
      manager.decodeData(Buffer.from('123'), false);
      expect(record.flow).to.deep.equal([]);
      manager.decodeData(Buffer.from('456'), false);
      expect(record.flow).to.deep.equal([true]);
      manager.decodeData(Buffer.from('7'), true);
      expect(record.flow).to.deep.equal([true, false]);
      expect(record.events.at(-1)).to.equal('request data "1234567" end=true');
    });
  });

  describe('StopNoBuffer', () => {
    it('drops the chunk the data hook returned it for', async () => {
      const result = await runFilter(
        filter('dropper', () => ({
          decodeData: (buffer) =>
            buffer.toString() === 'b' ? Status.StopNoBuffer : Status.Continue,
        })),
        { body: ['a', 'b', 'c'] },
      );
      expect(result.request.body.toString()).to.equal('ac');
      expect(result.request.ended).to.equal(true);
    });

    it('still ends the stream when the last chunk is dropped', async () => {
      const result = await runFilter(
        filter('dropper', () => ({
          decodeData: (_buffer, endStream) => (endStream ? Status.StopNoBuffer : Status.Continue),
        })),
        { body: ['a', 'b'] },
      );
      expect(result.request.body.toString()).to.equal('a');
      expect(result.request.ended).to.equal(true);
    });

    it('runs no later filter for a dropped chunk', async () => {
      const seen: string[] = [];
      await runFilter(
        [
          filter('dropper', () => ({
            decodeData: (buffer) => (buffer.toString() === 'b' ? Status.StopNoBuffer : undefined),
          })),
          tracer('later', seen),
        ],
        { body: ['a', 'b', 'c'] },
      );
      expect(seen).to.deep.equal([
        'later.decodeHeaders',
        'later.decodeData "a" false',
        'later.decodeData "c" true',
      ]);
    });
  });

  describe('StopAndBuffer on the response', () => {
    it('runs the encode data hook once, with the whole body', async () => {
      const calls: Call[] = [];
      const result = await runFilter(
        filter('buf', () => ({
          encodeHeaders: () => Status.StopAndBuffer,
          encodeData(buffer, endStream) {
            calls.push([buffer.toString(), endStream]);
          },
        })),
        {},
        { response: { status: 200, body: ['he', 'll', 'o'] } },
      );
      expect(calls).to.deep.equal([['hello', true]]);
      expect(result.response?.body.toString()).to.equal('hello');
    });

    it('answers 500 with response_payload_too_large past maxResponseBodyBytes', async () => {
      const calls: Call[] = [];
      const result = await runFilter(
        filter('buf', () => ({
          encodeHeaders: () => Status.StopAndBuffer,
          encodeData(buffer, endStream) {
            calls.push([buffer.toString(), endStream]);
          },
        })),
        {},
        { response: { status: 200, body: ['12345', '67890', 'x'] }, maxResponseBodyBytes: 10 },
      );
      expect(result.response?.status).to.equal(500);
      expect(result.streamInfo.responseCodeDetails).to.equal('response_payload_too_large');
      expect(result.streamInfo.localReplyFilter).to.equal('buf');
      expect(result.response?.body.toString()).to.not.contain('12345');
      expect(calls).to.deep.equal([]);
    });

    it('corrects content-length when an encode hook changed the whole body', async () => {
      const result = await runFilter(
        filter('shrink', () => ({
          encodeHeaders: () => Status.StopAndBuffer,
          encodeData(buffer) {
            buffer.set('tiny');
          },
        })),
        {},
        {
          response: { status: 200, headers: { 'content-length': '11' }, body: ['hello', ' world'] },
        },
      );
      expect(result.response?.body.toString()).to.equal('tiny');
      expect(result.response?.headers.get('content-length')).to.equal('4');
    });

    it('passes response trailers after the buffered body', async () => {
      const seen: string[] = [];
      const result = await runFilter(
        filter('buf', () => ({
          encodeHeaders: () => Status.StopAndBuffer,
          encodeData(buffer, endStream) {
            seen.push(`data ${buffer.toString()} ${endStream}`);
          },
          encodeTrailers() {
            seen.push('trailers');
          },
        })),
        {},
        { response: { body: ['a', 'b'], trailers: { 'grpc-status': '0' } } },
      );
      expect(seen).to.deep.equal(['data ab false', 'trailers']);
      expect(result.response?.trailers?.get('grpc-status')).to.equal('0');
    });

    it('uses chunked framing instead of a stale content-length when data streams through a filter', async () => {
      const result = await runFilter(
        filter('upper', () => ({
          encodeData(buffer) {
            buffer.set(buffer.toString().toUpperCase().repeat(2));
          },
        })),
        {},
        { response: { status: 200, headers: { 'content-length': '4' }, body: ['ab', 'cd'] } },
      );
      expect(result.response?.body.toString()).to.equal('ABABCDCD');
      expect(result.response?.headers.has('content-length')).to.equal(false);
      expect(result.response?.headers.get('transfer-encoding')).to.equal('chunked');
    });
  });
});
