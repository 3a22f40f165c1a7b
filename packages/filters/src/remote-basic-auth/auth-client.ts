import { callService, responseHeaders, type ServiceLimits } from '../remote/call-service';
import { type CheckOutcome, classifyStatus, DENY } from '../remote/check-outcome';

export interface AuthClientOptions extends ServiceLimits {
  url: string;
  copyResponseHeaders: readonly string[];
}

/** Asks the auth service about one username/password; never rejects. */
export type CheckCredentials = (
  username: string,
  password: string,
  forwarded: Readonly<Record<string, string>>,
  signal: AbortSignal,
) => Promise<CheckOutcome>;

const isOk = (status: number) => status === 200;

/**
 * The seed's `checkRemote`, made safe: POST `{"username","password"}` built by JSON.stringify,
 * a deadline, a bounded response, no redirects followed, and 200 = allow, 3xx/5xx = failure,
 * anything else = deny.
 */
export function createAuthClient(options: AuthClientOptions): CheckCredentials {
  const { url, copyResponseHeaders } = options;

  return function checkRemote(username, password, forwarded, signal) {
    const request = {
      method: 'POST',
      url,
      data: Buffer.from(JSON.stringify({ username, password })),
      headers: { ...forwarded, 'content-type': 'application/json' },
    };
    return callService(options, request, signal, function classify(response): CheckOutcome {
      const status = response.status;
      switch (classifyStatus(status, isOk)) {
        case 'allow':
          return { kind: 'allow', headers: responseHeaders(response, copyResponseHeaders) };
        case 'deny':
          return DENY;
        case 'failure':
          return {
            kind: 'failure',
            reason: status < 400 ? `redirect ${status}` : `status ${status}`,
          };
      }
    });
  };
}
