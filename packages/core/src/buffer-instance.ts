/** What a buffer accepts: bytes or a string (encoded as UTF-8). */
export type BufferInput = Uint8Array | string;

function toBuffer(data: BufferInput): Buffer {
  if (typeof data === 'string') return Buffer.from(data, 'utf8');
  return Buffer.isBuffer(data) ? data : Buffer.from(data.buffer, data.byteOffset, data.byteLength);
}

/**
 * A body chunk, or the whole body after `StopAndBuffer`, as Envoy's `BufferInstance`.
 * Changes made in a data hook are what the next filter, and finally the peer, receive.
 *
 * @example
 * decodeData(buffer, endStream) {
 *   buffer.set(buffer.toString().replaceAll('secret', '******'));
 * }
 */
export class BufferInstance {
  #chunks: Buffer[];
  #length: number;

  constructor(data?: BufferInput) {
    const first = data === undefined ? undefined : toBuffer(data);
    this.#chunks = first && first.length > 0 ? [first] : [];
    this.#length = first ? first.length : 0;
  }

  /** Number of bytes held. */
  get length(): number {
    return this.#length;
  }

  /** The bytes, as one Buffer (no copy when the body is a single chunk). */
  bytes(): Buffer {
    if (this.#chunks.length === 0) return Buffer.alloc(0);
    if (this.#chunks.length > 1) this.#chunks = [Buffer.concat(this.#chunks, this.#length)];
    return this.#chunks[0] as Buffer;
  }

  toString(encoding: BufferEncoding = 'utf8'): string {
    return this.bytes().toString(encoding);
  }

  /** Replaces the content. */
  set(data: BufferInput): this {
    this.#chunks = [];
    this.#length = 0;
    return this.append(data);
  }

  append(data: BufferInput): this {
    const chunk = toBuffer(data);
    if (chunk.length > 0) {
      this.#chunks.push(chunk);
      this.#length += chunk.length;
    }
    return this;
  }

  prepend(data: BufferInput): this {
    const chunk = toBuffer(data);
    if (chunk.length > 0) {
      this.#chunks.unshift(chunk);
      this.#length += chunk.length;
    }
    return this;
  }

  /** Removes the first `count` bytes (clamped to the length). */
  drain(count: number): this {
    const n = Math.max(0, Math.min(Math.floor(count) || 0, this.#length));
    if (n === 0) return this;
    this.#chunks = [this.bytes().subarray(n)];
    this.#length -= n;
    return this;
  }

  /** Empties the buffer. */
  reset(): this {
    this.#chunks = [];
    this.#length = 0;
    return this;
  }
}
