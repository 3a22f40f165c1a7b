import type { AxiosInstance, AxiosResponse } from 'axios';
import { type CheckOutcome, type CopiedHeaders, DENY } from './check-outcome';
import { describeFailure } from './describe-failure';

export interface AuthClientOptions {
  url: string;
  http: AxiosInstance;
  timeoutMs: number;
  maxResponseBytes: number;
  copyResponseHeaders: readonly string[];
}

/** Asks the auth service about one username/password; never rejects. */
export type CheckCredentials = (
  username: string,
  password: string,
  forwarded: Readonly<Record<string, string>>,
  signal: AbortSignal,
) => Promise<CheckOutcome>;

function copied(response: AxiosResponse, names: readonly string[]): CopiedHeaders {
  const out: [string, string | string[]][] = [];
  for (const name of names) {
    const value: unknown = response.headers[name];
    if (typeof value === 'string') out.push([name, value]);
    else if (Array.isArray(value)) out.push([name, value.map(String)]);
    else if (typeof value === 'number') out.push([name, String(value)]);
  }
  return out;
}

/**
 * The seed's `checkRemote`, made safe: POST `{"username","password"}` built by JSON.stringify,
 * a deadline, a bounded response, no redirects followed, and 200 = allow, 3xx/5xx = failure,
 * anything else = deny.
 */
export function createAuthClient(options: AuthClientOptions): CheckCredentials {
  const { url, http, timeoutMs, maxResponseBytes, copyResponseHeaders } = options;

  function classify(response: AxiosResponse): CheckOutcome {
    const status = response.status;
    if (status === 200) return { kind: 'allow', headers: copied(response, copyResponseHeaders) };
    if (status >= 300 && status < 400) return { kind: 'failure', reason: `redirect ${status}` };
    if (status >= 500) return { kind: 'failure', reason: `status ${status}` };
    return DENY;
  }

  return async function checkRemote(username, password, forwarded, signal) {
    const controller = new AbortController();
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      controller.abort();
    }, timeoutMs);
    const cancel = () => controller.abort();
    signal.addEventListener('abort', cancel);
    try {
      if (signal.aborted) return { kind: 'failure', reason: 'aborted' };
      const response = await http.request({
        method: 'POST',
        url,
        data: Buffer.from(JSON.stringify({ username, password })),
        headers: { ...forwarded, 'content-type': 'application/json' },
        signal: controller.signal,
        maxRedirects: 0,
        maxContentLength: maxResponseBytes,
        responseType: 'arraybuffer',
        validateStatus: null,
      });
      return classify(response);
    } catch (error) {
      if (timedOut) return { kind: 'failure', reason: `timeout after ${timeoutMs} ms` };
      if (signal.aborted) return { kind: 'failure', reason: 'aborted' };
      return { kind: 'failure', reason: describeFailure(error) };
    } finally {
      clearTimeout(timer);
      signal.removeEventListener('abort', cancel);
    }
  };
}
