/** What Node's `writeHead` accepts as a status message: no control characters. */
const INVALID_MESSAGE = /[^\t\x20-\x7e\x80-\xff]/;

/**
 * The status code Node's `writeHead` makes of `status`, or Node's own error for it: the
 * application gets the error where it committed its headers, as it would without the chain,
 * instead of when a filter lets the headers go.
 */
export function checkStatusLine(status: unknown, message: string | undefined): number {
  const code = (status as number) | 0;
  if (code < 100 || code > 999) {
    throw Object.assign(new RangeError(`Invalid status code: ${String(status)}`), {
      code: 'ERR_HTTP_INVALID_STATUS_CODE',
    });
  }
  // Node's own messages are valid: only one the application set needs the check.
  if (message && INVALID_MESSAGE.test(message)) {
    throw Object.assign(new TypeError('Invalid character in statusMessage'), {
      code: 'ERR_INVALID_CHAR',
    });
  }
  return code;
}
