import { BufferInstance } from '@streamfilter/core';
import { expect } from 'chai';

describe('BufferInstance', () => {
  it('starts empty without data', () => {
    const buffer = new BufferInstance();
    expect(buffer.length).to.equal(0);
    expect(buffer.bytes()).to.have.length(0);
    expect(buffer.toString()).to.equal('');
  });

  it('holds a string as UTF-8 bytes', () => {
    const buffer = new BufferInstance('caf\u00e9');
    expect(buffer.length).to.equal(5);
    expect(buffer.toString()).to.equal('caf\u00e9');
  });

  it('holds bytes given as a plain Uint8Array', () => {
    const buffer = new BufferInstance(new Uint8Array([104, 105]));
    expect(buffer.toString()).to.equal('hi');
    expect(buffer.bytes()).to.be.instanceOf(Uint8Array);
  });

  it('respects the offset of a Uint8Array view', () => {
    const whole = new Uint8Array([120, 104, 105, 120]);
    const buffer = new BufferInstance(whole.subarray(1, 3));
    expect(buffer.toString()).to.equal('hi');
  });

  it('replaces the content with set()', () => {
    const buffer = new BufferInstance('old content');
    buffer.set('new');
    expect(buffer.toString()).to.equal('new');
    expect(buffer.length).to.equal(3);
  });

  it('adds to the end with append()', () => {
    const buffer = new BufferInstance('ab');
    buffer.append('cd').append(Buffer.from('ef'));
    expect(buffer.toString()).to.equal('abcdef');
    expect(buffer.length).to.equal(6);
  });

  it('adds to the front with prepend()', () => {
    const buffer = new BufferInstance('world');
    buffer.prepend('hello ');
    expect(buffer.toString()).to.equal('hello world');
    expect(buffer.length).to.equal(11);
  });

  it('removes the first bytes with drain()', () => {
    const buffer = new BufferInstance('ab').append('cdef');
    buffer.drain(3);
    expect(buffer.toString()).to.equal('def');
    expect(buffer.length).to.equal(3);
  });

  it('clamps drain() to the length', () => {
    const buffer = new BufferInstance('abc');
    buffer.drain(10);
    expect(buffer.length).to.equal(0);
    expect(buffer.toString()).to.equal('');
  });

  it('ignores a negative or non-numeric drain()', () => {
    const buffer = new BufferInstance('abc');
    buffer.drain(-2).drain(Number.NaN);
    expect(buffer.toString()).to.equal('abc');
  });

  it('empties with reset()', () => {
    const buffer = new BufferInstance('abc').append('def');
    buffer.reset();
    expect(buffer.length).to.equal(0);
    expect(buffer.toString()).to.equal('');
  });

  it('returns all chunks as one Uint8Array from bytes()', () => {
    const buffer = new BufferInstance('a').append('b').prepend('z');
    const bytes = buffer.bytes();
    expect(bytes).to.be.instanceOf(Uint8Array);
    expect(new TextDecoder().decode(bytes)).to.equal('zab');
  });

  it('hands back a Node Buffer it was given, uncopied', () => {
    const data = Buffer.from('hi');
    expect(new BufferInstance(data).bytes()).to.equal(data);
  });

  it('ignores empty appends and prepends', () => {
    const buffer = new BufferInstance('x');
    buffer.append('').prepend(new Uint8Array(0));
    expect(buffer.length).to.equal(1);
    expect(buffer.toString()).to.equal('x');
  });
});
