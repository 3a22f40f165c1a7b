/** What an axios error carries that is safe to read (never its `config`). */
interface AxiosErrorShape {
  isAxiosError: true;
  code?: string;
  message: string;
  cause?: { code?: unknown };
}

// Duck-typed like axios's own `isAxiosError`, so this module never loads axios.
function isAxiosError(error: unknown): error is AxiosErrorShape {
  return (error as { isAxiosError?: unknown } | null)?.isAxiosError === true;
}

/**
 * A short, secret-free reason for a failed auth call, for the log. Never the error itself: an
 * axios error carries the request config, and so the body with the credentials.
 */
export function describeFailure(error: unknown): string {
  if (isAxiosError(error)) {
    if (error.code === 'ERR_BAD_RESPONSE' && /maxContentLength/.test(error.message)) {
      return 'response larger than maxResponseBytes';
    }
    const cause = error.cause?.code;
    const code = typeof cause === 'string' ? cause : error.code;
    if (code) return `network error ${code}`;
  }
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? `error ${code}` : 'unexpected error';
}
