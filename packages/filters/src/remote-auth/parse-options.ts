import { configError } from '@streamfilter/core';
import { parseUrl } from '../remote/check-url';
import { httpClient } from '../remote/http-client';
import { parseCache } from '../remote/parse-cache';
import type { RedisPool } from '../remote/redis-pool';
import {
  booleanOption,
  checkOptionsObject,
  headerListOption,
  headerNameOption,
  numberOption,
  optionalHeaderOption,
} from '../shared/option-checks';
import { createCheckClient } from './check-client';
import type { RemoteAuthConfig } from './config';
import {
  type ForwardMethodAndPath,
  REMOTE_AUTH_OPTION_NAMES,
  type RemoteAuthStats,
} from './options';

const FILTER = 'remoteAuth';
const MAX_TIMER_MS = 2 ** 31 - 1;
const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
/** Request headers never sent to the service: framing and hop-by-hop (the client sets them). */
const NOT_FORWARDED: ReadonlySet<string> = new Set([
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

/** `allowedHeaders`: required; unlike the headers the filter sets, credentials may be listed. */
function parseAllowedHeaders(value: unknown): string[] {
  if (!Array.isArray(value)) {
    throw configError(
      FILTER,
      'allowedHeaders',
      "is required: an array of the request headers the service needs, e.g. ['authorization']",
      value,
    );
  }
  const names = value.map((name: unknown) => {
    if (typeof name !== 'string' || !TOKEN.test(name)) {
      throw configError(FILTER, 'allowedHeaders', 'must hold valid HTTP header names', name);
    }
    const lower = name.toLowerCase();
    if (NOT_FORWARDED.has(lower)) {
      throw configError(
        FILTER,
        'allowedHeaders',
        'must not hold framing or hop-by-hop headers',
        name,
      );
    }
    return lower;
  });
  return [...new Set(names)];
}

function parseForwardMethodAndPath(value: unknown, url: string): ForwardMethodAndPath {
  if (value === undefined || value === false || value === 'headers') return value ?? false;
  if (value !== 'path') {
    throw configError(FILTER, 'forwardMethodAndPath', 'must be false, "headers" or "path"', value);
  }
  if (new URL(url).search !== '') {
    throw configError(
      FILTER,
      'url',
      'must have no query string with forwardMethodAndPath "path"',
      url,
    );
  }
  return value;
}

function parseFailureStatus(value: unknown): number {
  if (value === undefined) return 503;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 400 || value > 599) {
    throw configError(FILTER, 'failureStatus', 'must be an HTTP status from 400 to 599', value);
  }
  return value;
}

function parseRetryAfter(value: unknown): Record<string, string> {
  if (value === false) return {};
  const seconds = value === undefined ? 1 : value;
  if (typeof seconds !== 'number' || !Number.isInteger(seconds) || seconds < 0) {
    throw configError(
      FILTER,
      'retryAfterSeconds',
      'must be a non-negative integer or false',
      value,
    );
  }
  return { 'retry-after': String(seconds) };
}

function parseFromCacheControl(cache: unknown): boolean {
  if (cache === null || typeof cache !== 'object') return false;
  const value = (cache as { fromCacheControl?: unknown }).fromCacheControl;
  return booleanOption(`${FILTER}.cache`, 'fromCacheControl', value, false);
}

/** Validates `remoteAuth` options once, at startup, and builds what requests share. */
export function parseRemoteAuthOptions(
  options: unknown,
  resources: { stats: RemoteAuthStats; redis: RedisPool },
): RemoteAuthConfig {
  checkOptionsObject(FILTER, options, REMOTE_AUTH_OPTION_NAMES);
  if (options.url === undefined) {
    throw configError(FILTER, 'url', 'is required: the check endpoint', options.url);
  }
  const url = parseUrl(FILTER, options.url);
  const allowedHeaders = parseAllowedHeaders(options.allowedHeaders);
  const forwardMethodAndPath = parseForwardMethodAndPath(options.forwardMethodAndPath, url);
  const forwardBody = booleanOption(FILTER, 'forwardBody', options.forwardBody, false);
  if (options.maxBodyBytes !== undefined && !forwardBody) {
    throw configError(
      FILTER,
      'maxBodyBytes',
      'is only used with forwardBody: true',
      options.maxBodyBytes,
    );
  }
  const maxBodyBytes = numberOption(FILTER, 'maxBodyBytes', options.maxBodyBytes, 8192, {
    integer: true,
  });
  const upstreamHeaders = headerListOption(FILTER, 'upstreamHeaders', options.upstreamHeaders);
  for (const name of upstreamHeaders) {
    if (allowedHeaders.includes(name)) {
      throw configError(
        FILTER,
        'upstreamHeaders',
        'must not hold a header of allowedHeaders (the client-sent copy is removed)',
        name,
      );
    }
  }
  const clientHeaders =
    options.clientHeaders === undefined
      ? ['www-authenticate', 'content-type']
      : headerListOption(FILTER, 'clientHeaders', options.clientHeaders);
  const userHeader = optionalHeaderOption(FILTER, 'userHeader', options.userHeader);
  const timeoutMs = numberOption(FILTER, 'timeoutMs', options.timeoutMs, 1000, {
    max: MAX_TIMER_MS,
  });
  const maxResponseBytes = numberOption(
    FILTER,
    'maxResponseBytes',
    options.maxResponseBytes,
    64 * 1024,
    { integer: true },
  );
  const failureStatus = parseFailureStatus(options.failureStatus);
  const failureHeaders = parseRetryAfter(options.retryAfterSeconds);
  const failOpen = booleanOption(FILTER, 'failOpen', options.failOpen, false);
  const failOpenHeader =
    options.failOpenHeader === undefined
      ? 'x-auth-unavailable'
      : headerNameOption(FILTER, 'failOpenHeader', options.failOpenHeader);
  const allowPreflight = booleanOption(FILTER, 'allowPreflight', options.allowPreflight, false);
  const cache = parseCache(FILTER, options.cache, `${FILTER}\0${url}`, resources, [
    'fromCacheControl',
  ]);
  const fromCacheControl = parseFromCacheControl(options.cache);
  // Last, once every option is known good: the client owns sockets.
  const check = createCheckClient({
    url,
    http: httpClient(FILTER, options.axios, options.proxy),
    timeoutMs,
    maxResponseBytes,
    forwardMethodAndPath,
    upstreamHeaders,
    clientHeaders,
    userHeader,
    fromCacheControl,
  });
  return {
    url,
    allowedHeaders,
    forwardMethodAndPath,
    forwardBody,
    maxBodyBytes,
    upstreamHeaders,
    clientHeaders,
    userHeader,
    timeoutMs,
    maxResponseBytes,
    failureStatus,
    failureHeaders,
    failOpen,
    failOpenHeader,
    allowPreflight,
    protectedHeaders: [...new Set([failOpenHeader, ...upstreamHeaders])],
    check,
    cache,
    stats: resources.stats,
  };
}
