import {
  BufferInstance,
  defineFilter,
  RequestHeaderMap,
  ResponseHeaderMap,
  Status,
} from '@streamfilter/core';
import { runFilter } from '@streamfilter/core/testing';
import { expect } from 'chai';

describe('README: the core API', () => {
  it('HeaderMap: case-insensitive, multi-valued; RequestHeaderMap: plus the request line', () => {
    const headers = new RequestHeaderMap(
      { accept: 'text/html' },
      { method: 'GET', path: '/old/page?x=1', scheme: 'http' },
    );
    headers.set('Accept', 'application/json'); // names are case-insensitive
    headers.add('x-tag', 'a').add('x-tag', 'b');
    expect(headers.get('x-tag')).to.equal('a');
    expect(headers.values('x-tag')).to.deep.equal(['a', 'b']);
    headers.del('x-tag');
    expect(headers.has('x-tag')).to.equal(false);
    headers.setPath(headers.path.replace('/old/', '/new/'));
    expect([headers.method, headers.path]).to.deep.equal(['GET', '/new/page?x=1']);
    expect([...headers]).to.deep.equal([['accept', 'application/json']]);
  });

  it('ResponseHeaderMap: plus the status', () => {
    const headers = new ResponseHeaderMap(404, { 'content-type': 'text/plain' });
    if (headers.status === 404) headers.setStatus(410);
    headers.range((name, value) => {
      expect([name, value]).to.deep.equal(['content-type', 'text/plain']);
    });
    expect(headers.status).to.equal(410);
  });

  it('BufferInstance: a body chunk, or the whole body after StopAndBuffer', () => {
    const buffer = new BufferInstance('hello');
    buffer.append(' world').prepend('>> ');
    expect(buffer.toString()).to.equal('>> hello world');
    buffer.drain(3);
    expect([buffer.length, buffer.toString()]).to.deep.equal([11, 'hello world']);
    buffer.set('bye');
    expect(buffer.bytes()).to.deep.equal(Buffer.from('bye'));
    buffer.reset();
    expect(buffer.length).to.equal(0);
  });

  it('streamInfo.metadata passes data between filters; onLog runs once at the end', async () => {
    const lines: string[] = [];
    const tagUser = defineFilter({
      name: 'tagUser',
      parse: (options: Record<string, never>) => options,
      create: (_config, callbacks) => ({
        decodeHeaders(headers) {
          callbacks.streamInfo.metadata.set('user', headers.get('x-user') ?? 'anonymous');
        },
      }),
    });
    const accessLog = defineFilter({
      name: 'accessLog',
      parse: (options: { write: (line: string) => void }) => options,
      create: (config, callbacks) => ({
        onLog(_requestHeaders, _requestTrailers, responseHeaders) {
          const info = callbacks.streamInfo;
          const user = info.metadata.get('user');
          config.write(`${info.method} ${info.path} ${responseHeaders?.status} user=${user}`);
        },
      }),
    });
    const chain = [tagUser({}), accessLog({ write: (line) => lines.push(line) })];
    await runFilter(chain, { headers: { 'x-user': 'alice' } });
    expect(lines).to.deep.equal(['GET / 200 user=alice']);
  });

  it('a hook may return a Status, nothing (Continue), or a promise of either', async () => {
    const filter = defineFilter({
      name: 'statuses',
      parse: (options: { mode: 'sync' | 'async' }) => options,
      create: (config) => ({
        decodeHeaders: () => (config.mode === 'sync' ? Status.Continue : Promise.resolve()),
      }),
    });
    for (const mode of ['sync', 'async'] as const) {
      expect((await runFilter(filter({ mode }))).request.ended).to.equal(true);
    }
  });
});
