import { expect } from 'chai';
import { recordOf, recordOfLines } from '../src/headers';

describe('header records', () => {
  it('reads header lines as received into the record a Fetch Headers holds', () => {
    const lines = [
      'Host',
      'example.test',
      'X-Tag',
      'a',
      'x-tag',
      'b',
      'Set-Cookie',
      'one=1',
      'set-cookie',
      'two=2, with a comma',
      ':path',
      '/ignored',
    ];
    const headers = new Headers();
    for (let i = 0; i < lines.length; i += 2) {
      if (!lines[i]!.startsWith(':')) headers.append(lines[i]!, lines[i + 1]!);
    }
    expect(recordOfLines(lines)).to.deep.equal(recordOf(headers));
    expect(recordOfLines(lines)).to.deep.equal({
      host: 'example.test',
      'x-tag': 'a, b',
      'set-cookie': ['one=1', 'two=2, with a comma'],
    });
  });
});
