import { StreamFilterError } from './errors';

/** Header storage in Node's own shape: lower-case names, a string or (for repeats) an array. */
export type HeaderRecord = Record<string, string | string[] | undefined>;

const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
const INVALID_VALUE_CHAR = /[^\t\x20-\x7e\x80-\xff]/;

function checkName(name: string): string {
  if (typeof name !== 'string' || !TOKEN.test(name)) {
    throw new StreamFilterError(
      'ERR_INVALID_HEADER',
      `header name ${JSON.stringify(String(name))} is not a valid HTTP token`,
    );
  }
  return name.toLowerCase();
}

function checkValue(name: string, value: string): string {
  if (typeof value !== 'string') {
    throw new StreamFilterError(
      'ERR_INVALID_HEADER',
      `header "${name}" must be set to a string, got ${typeof value}`,
    );
  }
  if (INVALID_VALUE_CHAR.test(value)) {
    throw new StreamFilterError(
      'ERR_INVALID_HEADER',
      `header "${name}" has a value with a control character (CR, LF, NUL, ...): remove it`,
    );
  }
  return value;
}

const NO_NAMES: readonly string[] = Object.freeze([]);

/**
 * Case-insensitive, multi-valued HTTP headers, as Envoy's `HeaderMap`.
 * `get` is the first value, `values` all of them, `set` replaces, `add` appends, `del` removes.
 *
 * @example
 * headers.set('x-user', 'alice');
 * headers.add('set-cookie', 'a=1');
 * for (const [name, value] of headers) console.log(name, value);
 */
export class HeaderMap implements Iterable<[string, string]> {
  /** The live record; adapters may hand it straight to the framework. */
  readonly record: HeaderRecord;
  readonly #received: readonly string[] | undefined;
  /** Names changed through this map: their received lines no longer describe them. */
  #changed: string[] | undefined;

  /**
   * @param record lower-case names to values; mutated in place.
   * @param received optional header lines as received, `[name, value, name, value, ...]` with
   *   names in any case (Node's `rawHeaders`), used by `values()` where `record` holds them
   *   joined with ", ", or holds only the first of a header Node keeps once (e.g. a repeated
   *   `authorization`). Only read when `values()` needs it.
   */
  constructor(record: HeaderRecord = {}, received?: readonly string[]) {
    this.record = record;
    this.#received = received;
  }

  /** The first value of `name`, or `undefined`. */
  get(name: string): string | undefined {
    const value = this.record[name.toLowerCase()];
    return Array.isArray(value) ? value[0] : value;
  }

  /** Every value of `name`, in order; empty when absent. */
  values(name: string): string[] {
    const key = name.toLowerCase();
    const value = this.record[key];
    if (value === undefined) return [];
    if (Array.isArray(value)) return value.slice();
    if (this.#received === undefined || this.#changed?.includes(key)) return [value];
    const received = receivedValues(this.#received, key);
    if (received === undefined || received.length < 2) return [value];
    return received.join(', ') === value || received[0] === value ? received : [value];
  }

  /** Whether `name` is present. */
  has(name: string): boolean {
    return this.record[name.toLowerCase()] !== undefined;
  }

  /**
   * Replaces every value of `name` (an empty list removes it). Throws `ERR_INVALID_HEADER` on a
   * bad name or value.
   */
  set(name: string, value: string | readonly string[]): this {
    const key = checkName(name);
    this.#touch(key);
    if (!Array.isArray(value)) {
      this.record[key] = checkValue(key, value as string);
      return this;
    }
    const values = value.map((v) => checkValue(key, v));
    if (values.length === 0) delete this.record[key];
    else this.record[key] = values.length === 1 ? values[0] : values;
    return this;
  }

  /** Appends a value to `name`. Throws `ERR_INVALID_HEADER` on a bad name or value. */
  add(name: string, value: string): this {
    const key = checkName(name);
    this.#touch(key);
    checkValue(key, value);
    const current = this.record[key];
    if (current === undefined) this.record[key] = value;
    else if (Array.isArray(current)) current.push(value);
    else this.record[key] = [current, value];
    return this;
  }

  /** Removes every value of `name`. */
  del(name: string): this {
    const key = name.toLowerCase();
    this.#touch(key);
    delete this.record[key];
    return this;
  }

  /**
   * Names (lower-case) set, added or deleted through this map, when it was built with received
   * lines: what an adapter must refresh in the other views of the request it keeps.
   */
  get changedNames(): readonly string[] {
    return this.#changed ?? NO_NAMES;
  }

  #touch(key: string): void {
    if (this.#received === undefined) return;
    this.#changed ??= [];
    if (!this.#changed.includes(key)) this.#changed.push(key);
  }

  /** Visits every (name, value) pair; stops when `visit` returns `false`. */
  range(visit: (name: string, value: string) => unknown): void {
    for (const [name, value] of this) {
      if (visit(name, value) === false) return;
    }
  }

  /** Every (name, value) pair; a header with several values yields several pairs. */
  *[Symbol.iterator](): IterableIterator<[string, string]> {
    for (const name of Object.keys(this.record)) {
      const value = this.record[name];
      if (value === undefined) continue;
      if (Array.isArray(value)) for (const v of value) yield [name, v];
      else yield [name, value];
    }
  }

  /** The header names present, lower-case. */
  keys(): string[] {
    return Object.keys(this.record).filter((name) => this.record[name] !== undefined);
  }
}

/** The values of the lines named `key` (lower-case) in a raw `[name, value, ...]` list. */
function receivedValues(raw: readonly string[], key: string): string[] | undefined {
  let values: string[] | undefined;
  for (let i = 0; i + 1 < raw.length; i += 2) {
    const name = raw[i]!;
    if (name.length !== key.length || name.toLowerCase() !== key) continue;
    values ??= [];
    values.push(raw[i + 1]!);
  }
  return values;
}

/** The request's pseudo-headers, kept beside the header record. */
export interface RequestLine {
  method: string;
  path: string;
  scheme: string;
}

const METHOD = TOKEN;
// biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what a path must not hold
const PATH = /^(\/[^\s\x00-\x1f\x7f]*|\*)$/;

/**
 * Request headers plus the request line: `method`, `path`, `scheme`, and `host` (`:authority`).
 *
 * @example
 * if (headers.path.startsWith('/old/')) headers.setPath(headers.path.replace('/old/', '/new/'));
 */
export class RequestHeaderMap extends HeaderMap {
  #method: string;
  #path: string;
  readonly #scheme: string;

  constructor(record: HeaderRecord, line: RequestLine, received?: readonly string[]) {
    super(record, received);
    // Copied, not kept: the line object the adapter built does not outlive this call.
    this.#method = line.method;
    this.#path = line.path;
    this.#scheme = line.scheme;
  }

  get method(): string {
    return this.#method;
  }

  /** The path with its query string, as the client sent it (e.g. `/users?id=1`). */
  get path(): string {
    return this.#path;
  }

  get scheme(): string {
    return this.#scheme;
  }

  /** The `host` header (HTTP/2's `:authority`). */
  get host(): string | undefined {
    return this.get('host');
  }

  setMethod(method: string): this {
    if (typeof method !== 'string' || !METHOD.test(method)) {
      throw new StreamFilterError(
        'ERR_INVALID_HEADER',
        `method ${JSON.stringify(String(method))} is not a valid HTTP method`,
      );
    }
    this.#method = method.toUpperCase();
    return this;
  }

  setPath(path: string): this {
    if (typeof path !== 'string' || !PATH.test(path)) {
      throw new StreamFilterError(
        'ERR_INVALID_HEADER',
        `path ${JSON.stringify(String(path))} must start with "/" and hold no spaces or control characters`,
      );
    }
    this.#path = path;
    return this;
  }

  setHost(host: string): this {
    return this.set('host', host);
  }
}

/**
 * Response headers plus the status code.
 *
 * @example
 * encodeHeaders(headers) { if (headers.status === 404) headers.setStatus(410); }
 */
export class ResponseHeaderMap extends HeaderMap {
  #status: number;

  constructor(status: number, record: HeaderRecord = {}) {
    super(record);
    this.#status = status;
  }

  get status(): number {
    return this.#status;
  }

  setStatus(status: number): this {
    if (!Number.isInteger(status) || status < 200 || status > 599) {
      throw new StreamFilterError(
        'ERR_INVALID_HEADER',
        `status must be an integer from 200 to 599, got ${String(status)}`,
      );
    }
    this.#status = status;
    return this;
  }
}
