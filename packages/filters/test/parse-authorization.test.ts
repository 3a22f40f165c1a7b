import { expect } from 'chai';
import { parseAuthorization } from '../src/shared/parse-authorization';

function b64(text: string): string {
  return Buffer.from(text, 'utf8').toString('base64');
}

describe('parseAuthorization()', () => {
  it('reads "Basic base64(user:pass)"', () => {
    expect(parseAuthorization([`Basic ${b64('foo:bar')}`])).to.deep.equal({
      kind: 'basic',
      username: 'foo',
      password: 'bar',
    });
  });

  it('takes the scheme in any case', () => {
    expect(parseAuthorization(['bAsIc Zm9vOmJhcg==']).kind).to.equal('basic');
  });

  it('accepts a token without its base64 padding', () => {
    expect(parseAuthorization(['Basic Zm9vOmJhcg'])).to.deep.include({ username: 'foo' });
  });

  it('splits at the first colon, so the password keeps its colons', () => {
    expect(parseAuthorization([`Basic ${b64('foo:b:a:r')}`])).to.deep.include({
      username: 'foo',
      password: 'b:a:r',
    });
  });

  it('calls no header, or an empty one, missing', () => {
    expect(parseAuthorization([]).kind).to.equal('missing');
    expect(parseAuthorization(['']).kind).to.equal('missing');
  });

  for (const [what, value] of [
    ['another scheme', 'Bearer x'],
    ['"Basic" with nothing after it', 'Basic'],
    ['"Basic" and spaces only', 'Basic   '],
    ['no space after the scheme', 'BasicZm9vOmJhcg=='],
    ['characters outside base64', 'Basic Zm9v!mJhcg=='],
    ['base64 that does not round-trip', 'Basic Zm9vOmJhch=='],
    ['a token of impossible length', 'Basic Zm9vO'],
    ['no colon in the credentials', `Basic ${b64('foobar')}`],
    ['invalid UTF-8', `Basic ${Buffer.from([0x66, 0x3a, 0xff]).toString('base64')}`],
    ['a NUL in the username', `Basic ${b64('fo\0o:bar')}`],
    ['a line feed in the password', `Basic ${b64('foo:b\nar')}`],
    ['a DEL in the password', `Basic ${b64('foo:b\x7far')}`],
  ] as const) {
    it(`calls ${what} invalid`, () => {
      expect(parseAuthorization([value]).kind).to.equal('invalid');
    });
  }

  it('calls two Authorization values invalid, even if both are valid', () => {
    const value = `Basic ${b64('foo:bar')}`;
    expect(parseAuthorization([value, value]).kind).to.equal('invalid');
  });

  it('keeps a byte order mark as part of the username', () => {
    expect(parseAuthorization([`Basic ${b64('\ufefffoo:bar')}`])).to.deep.include({
      username: '\ufefffoo',
    });
  });
});
