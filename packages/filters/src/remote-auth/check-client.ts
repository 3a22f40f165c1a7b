import type { AxiosResponse } from 'axios';
import {
  callService,
  responseHeaders,
  type ServiceLimits,
  type ServiceRequest,
} from '../remote/call-service';
import { type CheckOutcome, classifyStatus } from '../remote/check-outcome';
import { cacheControlTtlMs } from './cache-control';
import type { ForwardMethodAndPath } from './options';

/** What one request sends to the auth service. */
export interface CheckInput {
  readonly method: string;
  readonly path: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: Buffer | undefined;
}

/** Asks the auth service about one request; never rejects. */
export type CheckRequest = (input: CheckInput, signal: AbortSignal) => Promise<CheckOutcome>;

export interface CheckClientOptions extends ServiceLimits {
  url: string;
  forwardMethodAndPath: ForwardMethodAndPath;
  upstreamHeaders: readonly string[];
  clientHeaders: readonly string[];
  userHeader: string | undefined;
  fromCacheControl: boolean;
}

const is2xx = (status: number) => status >= 200 && status < 300;

/** The check URL's path, then the original path and query (the URL API keeps the host). */
function joinPath(checkUrl: string, original: string): string {
  const url = new URL(checkUrl);
  const parsed = new URL(original, 'http://placeholder');
  url.pathname = url.pathname.replace(/\/$/, '') + parsed.pathname;
  url.search = parsed.search;
  return url.href;
}

/**
 * An Envoy ext_authz-style HTTP check: the allow-listed headers (and, as configured, the method,
 * path and body) go to the service; 2xx allows, 3xx/5xx is trouble, anything else denies.
 */
export function createCheckClient(options: CheckClientOptions): CheckRequest {
  const { url, forwardMethodAndPath, upstreamHeaders, clientHeaders, userHeader } = options;

  function build(input: CheckInput): ServiceRequest {
    const method = input.body === undefined ? 'GET' : 'POST';
    switch (forwardMethodAndPath) {
      case false:
        return { method, url, headers: input.headers, data: input.body };
      case 'headers': {
        const original = { 'x-original-method': input.method, 'x-original-uri': input.path };
        return { method, url, headers: { ...input.headers, ...original }, data: input.body };
      }
      case 'path': {
        const target = joinPath(url, input.path);
        return { method: input.method, url: target, headers: input.headers, data: input.body };
      }
    }
  }

  function read(response: AxiosResponse<Buffer>): CheckOutcome {
    const { status } = response;
    const ttlMs = options.fromCacheControl
      ? cacheControlTtlMs(response.headers['cache-control'])
      : undefined;
    switch (classifyStatus(status, is2xx)) {
      case 'allow': {
        const user = userHeader === undefined ? undefined : response.headers[userHeader];
        return {
          kind: 'allow',
          headers: responseHeaders(response, upstreamHeaders),
          user: typeof user === 'string' ? user : undefined,
          ttlMs,
        };
      }
      case 'deny': {
        const body = Buffer.isBuffer(response.data) ? response.data : Buffer.alloc(0);
        const headers = responseHeaders(response, clientHeaders);
        return { kind: 'deny', reply: { status, body, headers }, ttlMs };
      }
      case 'failure':
        return {
          kind: 'failure',
          reason: status < 400 ? `redirect ${status}` : `status ${status}`,
        };
    }
  }

  return function checkRequest(input, signal) {
    return callService(options, build(input), signal, read);
  };
}
