/** What a buffer accepts: bytes or a string (encoded as UTF-8). */
export type BufferInput = Uint8Array | string;

const encoder = new TextEncoder();
const decoder = new TextDecoder();
const EMPTY = new Uint8Array(0);

function toBytes(data: BufferInput): Uint8Array {
  return typeof data === 'string' ? encoder.encode(data) : data;
}

function concat(chunks: readonly Uint8Array[], length: number): Uint8Array {
  const out = new Uint8Array(length);
  let offset = 0;
  for (const chunk of chunks) {
    out.set(chunk, offset);
    offset += chunk.length;
  }
  return out;
}

/**
 * A body chunk, or the whole body after `StopAndBuffer`, as Envoy's `BufferInstance`.
 * Changes made in a data hook are what the next filter, and finally the peer, receive.
 * Bytes are `Uint8Array`s (a Node `Buffer` is one), so the same filter runs on any host.
 *
 * @example
 * decodeData(buffer, endStream) {
 *   buffer.set(buffer.toString().replaceAll('secret', '******'));
 * }
 */
export class BufferInstance {
  #chunks: Uint8Array[];
  #length: number;

  constructor(data?: BufferInput) {
    const first = data === undefined ? undefined : toBytes(data);
    this.#chunks = first && first.length > 0 ? [first] : [];
    this.#length = first ? first.length : 0;
  }

  /** Number of bytes held. */
  get length(): number {
    return this.#length;
  }

  /** The bytes, as one `Uint8Array` (no copy when the body is a single chunk). */
  bytes(): Uint8Array {
    if (this.#chunks.length === 0) return EMPTY;
    if (this.#chunks.length > 1) this.#chunks = [concat(this.#chunks, this.#length)];
    return this.#chunks[0] as Uint8Array;
  }

  /** The bytes decoded as UTF-8. */
  toString(): string {
    return decoder.decode(this.bytes());
  }

  /** Replaces the content. */
  set(data: BufferInput): this {
    this.#chunks = [];
    this.#length = 0;
    return this.append(data);
  }

  append(data: BufferInput): this {
    const chunk = toBytes(data);
    if (chunk.length > 0) {
      this.#chunks.push(chunk);
      this.#length += chunk.length;
    }
    return this;
  }

  prepend(data: BufferInput): this {
    const chunk = toBytes(data);
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
