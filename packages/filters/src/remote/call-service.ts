import type { AxiosInstance, AxiosResponse } from 'axios';
import type { CheckOutcome } from './check-outcome';
import { describeFailure } from './describe-failure';

/** One call to the auth service. */
export interface ServiceRequest {
  readonly method: string;
  readonly url: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly data?: Buffer;
}

/** The limits every call to the auth service runs under. */
export interface ServiceLimits {
  readonly http: AxiosInstance;
  readonly timeoutMs: number;
  readonly maxResponseBytes: number;
}

/**
 * Calls the auth service and reads its answer with `read`; never rejects. A deadline, a bounded
 * response, no redirects followed; network errors, the deadline and oversize answers are
 * failures with a secret-free reason. `signal` (the client's) aborts the call.
 */
export async function callService(
  limits: ServiceLimits,
  request: ServiceRequest,
  signal: AbortSignal,
  read: (response: AxiosResponse<Buffer>) => CheckOutcome,
): Promise<CheckOutcome> {
  const { http, timeoutMs, maxResponseBytes } = limits;
  const controller = new AbortController();
  let timedOut = false;
  let grace: NodeJS.Immediate | undefined;
  // Timers run before I/O in each turn of the event loop: after a stall past the deadline, an
  // answer already waiting in the socket would lose to the timer. Let pending I/O run first.
  const timer = setTimeout(function deadline() {
    grace = setImmediate(function expire() {
      timedOut = true;
      controller.abort();
    });
  }, timeoutMs);
  const cancel = () => controller.abort();
  signal.addEventListener('abort', cancel);
  try {
    if (signal.aborted) return { kind: 'failure', reason: 'aborted' };
    const response = await http.request<Buffer>({
      method: request.method,
      url: request.url,
      data: request.data,
      headers: request.headers,
      signal: controller.signal,
      maxRedirects: 0,
      maxContentLength: maxResponseBytes,
      responseType: 'arraybuffer',
      validateStatus: null,
    });
    return read(response);
  } catch (error) {
    if (timedOut) return { kind: 'failure', reason: `timeout after ${timeoutMs} ms` };
    if (signal.aborted) return { kind: 'failure', reason: 'aborted' };
    return { kind: 'failure', reason: describeFailure(error) };
  } finally {
    clearTimeout(timer);
    if (grace !== undefined) clearImmediate(grace);
    signal.removeEventListener('abort', cancel);
  }
}

/** The allow-listed headers of the service's answer. */
export function responseHeaders(
  response: AxiosResponse,
  names: readonly string[],
): Array<[string, string | string[]]> {
  const out: Array<[string, string | string[]]> = [];
  for (const name of names) {
    const value: unknown = response.headers[name];
    if (typeof value === 'string') out.push([name, value]);
    else if (Array.isArray(value)) out.push([name, value.map(String)]);
    else if (typeof value === 'number') out.push([name, String(value)]);
  }
  return out;
}
