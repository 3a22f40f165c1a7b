import {
  HeaderMap,
  RequestHeaderMap,
  ResponseHeaderMap,
  StreamFilterError,
} from '@streamfilter/core';
import { expect } from 'chai';

function requestHeaders(record = {}): RequestHeaderMap {
  return new RequestHeaderMap(record, { method: 'GET', path: '/', scheme: 'http' });
}

function codeOf(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (error) {
    expect(error).to.be.instanceOf(StreamFilterError);
    return (error as StreamFilterError).code;
  }
  return undefined;
}

describe('HeaderMap', () => {
  it('returns the first value from get()', () => {
    const headers = new HeaderMap({ 'set-cookie': ['a=1', 'b=2'], host: 'example.test' });
    expect(headers.get('set-cookie')).to.equal('a=1');
    expect(headers.get('host')).to.equal('example.test');
  });

  it('returns undefined from get() for a missing header', () => {
    expect(new HeaderMap().get('x-missing')).to.equal(undefined);
  });

  it('looks names up case-insensitively', () => {
    const headers = new HeaderMap();
    headers.set('X-Request-ID', 'abc');
    expect(headers.get('x-request-id')).to.equal('abc');
    expect(headers.get('X-REQUEST-ID')).to.equal('abc');
    expect(headers.has('X-Request-Id')).to.equal(true);
    expect(headers.record).to.deep.equal({ 'x-request-id': 'abc' });
  });

  it('returns every value from values(), as a copy', () => {
    const headers = new HeaderMap({ 'set-cookie': ['a=1', 'b=2'] });
    const values = headers.values('Set-Cookie');
    expect(values).to.deep.equal(['a=1', 'b=2']);
    values.push('c=3');
    expect(headers.values('set-cookie')).to.deep.equal(['a=1', 'b=2']);
  });

  it('returns an empty list from values() for a missing header', () => {
    expect(new HeaderMap().values('x-missing')).to.deep.equal([]);
  });

  it('splits values() by the lines received when the record holds them joined', () => {
    const headers = new HeaderMap({ accept: 'a, b' }, ['Accept', 'a', 'accept', 'b']);
    expect(headers.values('accept')).to.deep.equal(['a', 'b']);
    expect(headers.get('accept')).to.equal('a, b');
  });

  it('reports every line of a header the record holds only the first of', () => {
    const headers = new HeaderMap({ authorization: 'Basic a', host: 'h' }, [
      'Authorization',
      'Basic a',
      'Host',
      'h',
      'AUTHORIZATION',
      'Basic b',
    ]);
    expect(headers.values('authorization')).to.deep.equal(['Basic a', 'Basic b']);
    expect(headers.values('host')).to.deep.equal(['h']);
  });

  it('ignores the received lines once the value was changed', () => {
    const headers = new HeaderMap({ accept: 'a, b' }, ['Accept', 'a', 'accept', 'b']);
    headers.set('accept', 'c');
    expect(headers.values('accept')).to.deep.equal(['c']);
  });

  it('replaces every value with set()', () => {
    const headers = new HeaderMap({ 'x-tag': ['a', 'b'] });
    headers.set('x-tag', 'c');
    expect(headers.values('x-tag')).to.deep.equal(['c']);
  });

  it('sets several values at once from an array', () => {
    const headers = new HeaderMap();
    headers.set('x-tag', ['a', 'b']);
    expect(headers.values('x-tag')).to.deep.equal(['a', 'b']);
  });

  it('removes the header when set() is given an empty list', () => {
    const headers = new HeaderMap({ 'x-tag': 'a' });
    headers.set('x-tag', []);
    expect(headers.has('x-tag')).to.equal(false);
    expect(headers.keys()).to.deep.equal([]);
  });

  it('appends with add(), keeping earlier values', () => {
    const headers = new HeaderMap();
    headers.add('Set-Cookie', 'a=1').add('set-cookie', 'b=2').add('SET-COOKIE', 'c=3');
    expect(headers.values('set-cookie')).to.deep.equal(['a=1', 'b=2', 'c=3']);
  });

  it('removes every value with del()', () => {
    const headers = new HeaderMap({ 'x-tag': ['a', 'b'], host: 'h' });
    headers.del('X-Tag');
    expect(headers.has('x-tag')).to.equal(false);
    expect(headers.get('x-tag')).to.equal(undefined);
    expect(headers.keys()).to.deep.equal(['host']);
  });

  it('reports presence with has()', () => {
    const headers = new HeaderMap({ present: '', absent: undefined });
    expect(headers.has('present')).to.equal(true);
    expect(headers.has('absent')).to.equal(false);
    expect(headers.has('never-set')).to.equal(false);
  });

  it('visits every pair with range(), one per value', () => {
    const headers = new HeaderMap({ a: '1', b: ['2', '3'] });
    const seen: string[] = [];
    headers.range((name, value) => {
      seen.push(`${name}=${value}`);
    });
    expect(seen).to.deep.equal(['a=1', 'b=2', 'b=3']);
  });

  it('stops range() when the visitor returns false', () => {
    const headers = new HeaderMap({ a: '1', b: ['2', '3'], c: '4' });
    const seen: string[] = [];
    headers.range((name, value) => {
      seen.push(`${name}=${value}`);
      return value !== '2';
    });
    expect(seen).to.deep.equal(['a=1', 'b=2']);
  });

  it('iterates as [name, value] pairs and skips absent headers', () => {
    const headers = new HeaderMap({ a: '1', gone: undefined, b: ['2', '3'] });
    expect([...headers]).to.deep.equal([
      ['a', '1'],
      ['b', '2'],
      ['b', '3'],
    ]);
  });

  it('rejects a header name that is not an HTTP token', () => {
    const headers = new HeaderMap();
    expect(codeOf(() => headers.set('bad name', 'v'))).to.equal('ERR_INVALID_HEADER');
    expect(codeOf(() => headers.add('', 'v'))).to.equal('ERR_INVALID_HEADER');
    expect(codeOf(() => headers.set('x-a\r\nx-b', 'v'))).to.equal('ERR_INVALID_HEADER');
  });

  it('rejects a header value containing CR or LF', () => {
    const headers = new HeaderMap();
    expect(codeOf(() => headers.set('x-a', 'one\r\nx-injected: two'))).to.equal(
      'ERR_INVALID_HEADER',
    );
    expect(codeOf(() => headers.add('x-a', 'one\ntwo'))).to.equal('ERR_INVALID_HEADER');
    expect(codeOf(() => headers.set('x-a', ['fine', 'bad\r']))).to.equal('ERR_INVALID_HEADER');
    expect(headers.has('x-a')).to.equal(false);
  });

  it('rejects a header value that is not a string', () => {
    const headers = new HeaderMap();
    expect(codeOf(() => headers.set('x-a', 42 as unknown as string))).to.equal(
      'ERR_INVALID_HEADER',
    );
  });

  it('accepts tabs and non-ASCII Latin-1 bytes in values', () => {
    const headers = new HeaderMap();
    headers.set('x-a', 'one\ttwo caf\u00e9');
    expect(headers.get('x-a')).to.equal('one\ttwo caf\u00e9');
  });
});

describe('RequestHeaderMap', () => {
  it('exposes the method, path, scheme and host', () => {
    const headers = new RequestHeaderMap(
      { host: 'example.test' },
      { method: 'POST', path: '/a?b=1', scheme: 'https' },
    );
    expect(headers.method).to.equal('POST');
    expect(headers.path).to.equal('/a?b=1');
    expect(headers.scheme).to.equal('https');
    expect(headers.host).to.equal('example.test');
  });

  it('changes the path with setPath()', () => {
    const headers = requestHeaders();
    headers.setPath('/new/place?q=1');
    expect(headers.path).to.equal('/new/place?q=1');
  });

  it('rejects a path that does not start with a slash', () => {
    expect(codeOf(() => requestHeaders().setPath('relative'))).to.equal('ERR_INVALID_HEADER');
  });

  it('rejects a path with a space, CR or LF', () => {
    const headers = requestHeaders();
    expect(codeOf(() => headers.setPath('/a b'))).to.equal('ERR_INVALID_HEADER');
    expect(codeOf(() => headers.setPath('/a\r\nHost: evil'))).to.equal('ERR_INVALID_HEADER');
    expect(codeOf(() => headers.setPath('/a\u0000'))).to.equal('ERR_INVALID_HEADER');
    expect(headers.path).to.equal('/');
  });

  it('upper-cases the method given to setMethod()', () => {
    const headers = requestHeaders();
    headers.setMethod('patch');
    expect(headers.method).to.equal('PATCH');
  });

  it('rejects a method that is not an HTTP token', () => {
    const headers = requestHeaders();
    expect(codeOf(() => headers.setMethod('GET /x'))).to.equal('ERR_INVALID_HEADER');
    expect(codeOf(() => headers.setMethod(''))).to.equal('ERR_INVALID_HEADER');
    expect(headers.method).to.equal('GET');
  });

  it('sets the host header with setHost()', () => {
    const headers = requestHeaders();
    headers.setHost('other.test');
    expect(headers.host).to.equal('other.test');
    expect(headers.get('host')).to.equal('other.test');
  });
});

describe('ResponseHeaderMap', () => {
  it('exposes and changes the status', () => {
    const headers = new ResponseHeaderMap(404);
    expect(headers.status).to.equal(404);
    headers.setStatus(410);
    expect(headers.status).to.equal(410);
  });

  it('rejects a status outside 200 to 599', () => {
    const headers = new ResponseHeaderMap(200);
    expect(codeOf(() => headers.setStatus(99))).to.equal('ERR_INVALID_HEADER');
    expect(codeOf(() => headers.setStatus(600))).to.equal('ERR_INVALID_HEADER');
    expect(codeOf(() => headers.setStatus(200.5))).to.equal('ERR_INVALID_HEADER');
    expect(headers.status).to.equal(200);
  });
});
