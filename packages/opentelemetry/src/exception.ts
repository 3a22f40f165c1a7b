/** An exception as OpenTelemetry's `recordException` reads it. */
export interface SafeException {
  name: string;
  message: string;
  stack?: string;
  code?: string | number;
}

/**
 * What a span may record of a thrown value: an error's name, message, stack and code, never its
 * other properties (an HTTP client's error holds the request's headers, credentials included),
 * and of anything that is not an `Error` only its type (a thrown string may be a header value).
 * The same rule as the default logger's.
 */
export function safeException(error: unknown): SafeException {
  if (!(error instanceof Error)) {
    return { name: 'NonError', message: `a thrown ${error === null ? 'null' : typeof error}` };
  }
  const { code } = error as { code?: unknown };
  return {
    name: error.name,
    message: error.message,
    ...(error.stack === undefined ? {} : { stack: error.stack }),
    ...(typeof code === 'string' || typeof code === 'number' ? { code } : {}),
  };
}
