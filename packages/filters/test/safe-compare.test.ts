import crypto from 'node:crypto';
import { safeCompare } from '@streamfilter/filters';
import { expect } from 'chai';

describe('safeCompare()', () => {
  it('tells equal strings and bytes from different ones', () => {
    expect(safeCompare('s3cret', 's3cret')).to.equal(true);
    expect(safeCompare('s3cret', 's3creT')).to.equal(false);
    expect(safeCompare('pä:ss', 'pä:ss')).to.equal(true);
    expect(safeCompare(Buffer.from('abc'), new TextEncoder().encode('abc'))).to.equal(true);
    expect(safeCompare('', '')).to.equal(true);
  });

  it('compares values of any lengths, without throwing', () => {
    expect(safeCompare('s3cret', 's3cret-and-more')).to.equal(false);
    expect(safeCompare('', 'x')).to.equal(false);
  });

  it('compares 32-byte digests with timingSafeEqual, whatever the lengths', () => {
    const original = crypto.timingSafeEqual;
    const lengths: number[][] = [];
    crypto.timingSafeEqual = (a, b) => {
      lengths.push([a.byteLength, b.byteLength]);
      return original(a, b);
    };
    try {
      safeCompare('a', 'a much longer secret value');
      safeCompare('x'.repeat(1000), '');
    } finally {
      crypto.timingSafeEqual = original;
    }
    expect(lengths).to.deep.equal([
      [32, 32],
      [32, 32],
    ]);
  });
});
