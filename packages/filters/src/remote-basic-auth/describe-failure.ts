import { isAxiosError } from 'axios';

/**
 * A short, secret-free reason for a failed auth call, for the log. Never the error itself: an
 * axios error carries the request config, and so the JSON body with the password.
 */
export function describeFailure(error: unknown): string {
  if (isAxiosError(error)) {
    if (error.code === 'ERR_BAD_RESPONSE' && /maxContentLength/.test(error.message)) {
      return 'response larger than maxResponseBytes';
    }
    const cause = (error.cause as { code?: unknown } | undefined)?.code;
    const code = typeof cause === 'string' ? cause : error.code;
    if (code) return `network error ${code}`;
  }
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? `error ${code}` : 'unexpected error';
}
