import { configError } from '@streamfilter/core';

const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;

/** Headers a filter must never set, strip or forward: framing, hop-by-hop, and credentials. */
const RESERVED_HEADERS: ReadonlySet<string> = new Set([
  'authorization',
  'connection',
  'content-length',
  'host',
  'keep-alive',
  'proxy-authorization',
  'proxy-connection',
  'te',
  'trailer',
  'transfer-encoding',
  'upgrade',
]);

/** Throws unless `options` is a plain object holding only `known` keys (catches typos). */
export function checkOptionsObject(
  filter: string,
  options: unknown,
  known: readonly string[],
): asserts options is Record<string, unknown> {
  if (options === null || typeof options !== 'object' || Array.isArray(options)) {
    throw configError(filter, 'options', 'must be an object', options);
  }
  for (const key of Object.keys(options)) {
    if (!known.includes(key)) {
      throw configError(filter, key, `is not an option (known: ${known.join(', ')})`, key);
    }
  }
}

export function booleanOption(filter: string, name: string, value: unknown, fallback: boolean) {
  if (value === undefined) return fallback;
  if (typeof value !== 'boolean') throw configError(filter, name, 'must be true or false', value);
  return value;
}

/** A finite number of milliseconds or bytes, > 0 (or >= 0 with `allowZero`), at most `max`. */
export function numberOption(
  filter: string,
  name: string,
  value: unknown,
  fallback: number,
  limits: { allowZero?: boolean; integer?: boolean; max?: number } = {},
): number {
  if (value === undefined) return fallback;
  const { allowZero = false, integer = false, max = Number.MAX_SAFE_INTEGER } = limits;
  const valid =
    typeof value === 'number' &&
    Number.isFinite(value) &&
    (allowZero ? value >= 0 : value > 0) &&
    value <= max &&
    (!integer || Number.isInteger(value));
  if (!valid) {
    const kind = `${allowZero ? 'non-negative' : 'positive'} ${integer ? 'integer' : 'number'}`;
    const limit = max < Number.MAX_SAFE_INTEGER ? ` no larger than ${max}` : '';
    throw configError(filter, name, `must be a ${kind}${limit}`, value);
  }
  return value;
}

/** A header name for the filter to set or copy: a valid token, not a reserved header. */
export function headerNameOption(filter: string, name: string, value: unknown): string {
  if (typeof value !== 'string' || !TOKEN.test(value)) {
    throw configError(filter, name, 'must be a valid HTTP header name', value);
  }
  const lower = value.toLowerCase();
  if (RESERVED_HEADERS.has(lower)) {
    throw configError(
      filter,
      name,
      'must not be a credential, framing or hop-by-hop header',
      value,
    );
  }
  return lower;
}

/** An optional header name: `false`/`undefined` for none. */
export function optionalHeaderOption(
  filter: string,
  name: string,
  value: unknown,
): string | undefined {
  if (value === undefined || value === false) return undefined;
  return headerNameOption(filter, name, value);
}

/** An allow-list of header names, lower-cased and deduplicated. */
export function headerListOption(filter: string, name: string, value: unknown): string[] {
  if (value === undefined) return [];
  if (!Array.isArray(value))
    throw configError(filter, name, 'must be an array of header names', value);
  const names = value.map((entry) => headerNameOption(filter, name, entry));
  return [...new Set(names)];
}
