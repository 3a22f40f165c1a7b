import { configError } from '@streamfilter/core';
import { checkUrl } from '../remote/check-url';
import { httpClient } from '../remote/http-client';
import { parseCache } from '../remote/parse-cache';
import type { RedisPool } from '../remote/redis-pool';
import { parseBasicReplyOptions } from '../shared/basic-options';
import {
  booleanOption,
  checkOptionsObject,
  headerListOption,
  headerNameOption,
  numberOption,
} from '../shared/option-checks';
import { type CheckCredentials, createAuthClient } from './auth-client';
import type { RemoteBasicAuthConfig } from './config';
import { REMOTE_OPTION_NAMES, type RemoteBasicAuthStats } from './options';

const FILTER = 'remoteBasicAuth';

function parseFailureStatus(value: unknown): number {
  if (value === undefined) return 503;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 400 || value > 599) {
    throw configError(FILTER, 'failureStatus', 'must be an HTTP status from 400 to 599', value);
  }
  return value;
}

/** Validates `remoteBasicAuth` options once, at startup, and builds what requests share. */
export function parseRemoteOptions(
  options: unknown,
  resources: { stats: RemoteBasicAuthStats; redis: RedisPool },
): RemoteBasicAuthConfig {
  checkOptionsObject(FILTER, options, REMOTE_OPTION_NAMES);
  const url = checkUrl(FILTER, options);
  const common = parseBasicReplyOptions(FILTER, options);
  const timeoutMs = numberOption(FILTER, 'timeoutMs', options.timeoutMs, 1000, {
    max: 2 ** 31 - 1,
  });
  const maxResponseBytes = numberOption(
    FILTER,
    'maxResponseBytes',
    options.maxResponseBytes,
    64 * 1024,
    { integer: true },
  );
  const failOpenHeader =
    options.failOpenHeader === undefined
      ? 'x-auth-unavailable'
      : headerNameOption(FILTER, 'failOpenHeader', options.failOpenHeader);
  const copyResponseHeaders = headerListOption(
    FILTER,
    'copyResponseHeaders',
    options.copyResponseHeaders,
  );
  const forwardHeaders = headerListOption(FILTER, 'forwardHeaders', options.forwardHeaders);
  const failureStatus = parseFailureStatus(options.failureStatus);
  const failOpen = booleanOption(FILTER, 'failOpen', options.failOpen, false);
  const cache = parseCache(FILTER, options.cache, `${FILTER}\0${url}`, resources);
  // Last, once every option is known good: the client owns sockets.
  const check: CheckCredentials = createAuthClient({
    url,
    http: httpClient(FILTER, options.axios, options.proxy),
    timeoutMs,
    maxResponseBytes,
    copyResponseHeaders,
  });
  const protectedHeaders = [failOpenHeader, ...copyResponseHeaders];
  if (common.identityHeader !== undefined) protectedHeaders.push(common.identityHeader);
  return {
    ...common,
    url,
    timeoutMs,
    failureStatus,
    failOpen,
    failOpenHeader,
    maxResponseBytes,
    copyResponseHeaders,
    forwardHeaders,
    protectedHeaders: [...new Set(protectedHeaders)],
    check,
    cache,
    stats: resources.stats,
  };
}
