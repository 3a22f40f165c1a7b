/** Stable error codes thrown by streamfilter packages; assert on `err.code`, not on messages. */
export type StreamFilterErrorCode =
  | 'ERR_FILTER_CONFIG'
  | 'ERR_INVALID_HEADER'
  | 'ERR_INVALID_STATUS'
  | 'ERR_INVALID_LOCAL_REPLY'
  | 'ERR_INVALID_CHAIN';

/**
 * The one error class of streamfilter, with a stable `code` and a message that says what to fix.
 *
 * @example
 * try { remoteBasicAuth({ timeoutMs: 'abc' }) } catch (err) {
 *   if (err instanceof StreamFilterError && err.code === 'ERR_FILTER_CONFIG') process.exit(1);
 * }
 */
export class StreamFilterError extends Error {
  readonly code: StreamFilterErrorCode;

  constructor(code: StreamFilterErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'StreamFilterError';
    this.code = code;
  }
}

/** Renders a user-supplied value for an error message: short, quoted, never huge. */
export function describeValue(value: unknown): string {
  if (typeof value === 'string') {
    const shown = value.length > 60 ? `${value.slice(0, 57)}...` : value;
    return JSON.stringify(shown);
  }
  if (typeof value === 'function') return 'a function';
  if (Array.isArray(value)) return 'an array';
  if (value === null || typeof value !== 'object') return String(value);
  return 'an object';
}

/**
 * Builds the error a filter's `parse` throws for a bad option.
 *
 * @example
 * if (!(options.timeoutMs > 0)) {
 *   throw configError('remoteBasicAuth', 'timeoutMs', 'must be a positive number', options.timeoutMs);
 * }
 */
export function configError(
  filter: string,
  option: string,
  requirement: string,
  got: unknown,
): StreamFilterError {
  return new StreamFilterError(
    'ERR_FILTER_CONFIG',
    `${filter}: "${option}" ${requirement}, got ${describeValue(got)}`,
  );
}
