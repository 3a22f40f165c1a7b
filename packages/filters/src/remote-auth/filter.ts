import {
  type AuthInfo,
  type BufferInstance,
  type FilterCallbacks,
  type RequestHeaderMap,
  Status,
  type StreamFilter,
} from '@streamfilter/core';
import { type CacheSource, cachedCheck } from '../remote/cached-check';
import type { CheckOutcome } from '../remote/check-outcome';
import { countSource } from '../remote/count-source';
import type { Checked } from '../remote/decision-cache';
import { forwardedHeaders } from '../remote/forwarded-headers';
import { recordAuth } from '../shared/auth-metadata';
import { isPreflight } from '../shared/preflight';
import type { CheckInput } from './check-client';
import type { RemoteAuthConfig } from './config';

// The body of the answer sent when the auth service is in trouble and `failOpen` is off.
const UNAVAILABLE_BODY = 'auth service unavailable';

const TOO_LARGE = 'Payload Too Large';

/** The cache key of a check: exactly what the service is sent, each part tagged, body last. */
function keyParts(config: RemoteAuthConfig, input: CheckInput): string[] {
  const parts: string[] = [];
  if (config.forwardMethodAndPath !== false) parts.push(`m${input.method}`, `p${input.path}`);
  for (const [name, value] of Object.entries(input.headers)) parts.push(`h${name}:${value}`);
  if (input.body !== undefined) parts.push(`b${input.body.toString('latin1')}`);
  return parts;
}

/** One request's remote check: forward, ask (or recall), then allow, deny or fail. */
export function createRemoteAuth(
  config: RemoteAuthConfig,
  callbacks: FilterCallbacks,
): StreamFilter {
  const { stats } = config;
  let held: RequestHeaderMap | undefined;

  function record(decision: AuthInfo['decision'], source: CacheSource | undefined, user?: string) {
    recordAuth(callbacks, decision, user, source);
  }

  function fail(headers: RequestHeaderMap, reason: string, source?: CacheSource): Status {
    stats.errors++;
    if (config.failOpen) {
      stats.failOpen++;
      record('fail_open', source);
      callbacks.log('warn', `auth service check failed (${reason}): failing open`);
      headers.set(config.failOpenHeader, 'true');
      return Status.Continue;
    }
    record('error', source);
    const status = config.failureStatus;
    callbacks.log('warn', `auth service check failed (${reason}): answering ${status}`);
    callbacks.sendLocalReply(
      status,
      UNAVAILABLE_BODY,
      config.failureHeaders,
      undefined,
      'auth_service_error',
    );
    return Status.LocalReply;
  }

  function apply(headers: RequestHeaderMap, outcome: CheckOutcome, source?: CacheSource): Status {
    switch (outcome.kind) {
      case 'allow':
        stats.allowed++;
        record('allowed', source, outcome.user);
        for (const [name, value] of outcome.headers) headers.set(name, value);
        return Status.Continue;
      case 'deny': {
        stats.denied++;
        record('denied', source);
        const reply = outcome.reply;
        const replyHeaders = Object.fromEntries(reply?.headers ?? []);
        callbacks.sendLocalReply(
          reply?.status ?? 403,
          reply?.body,
          replyHeaders,
          undefined,
          'denied',
        );
        return Status.LocalReply;
      }
      case 'failure':
        return fail(headers, outcome.reason, source);
    }
  }

  function finish(headers: RequestHeaderMap, checked: Checked): Status {
    countSource(stats, checked.source);
    return apply(headers, checked.outcome, checked.source);
  }

  function tooLarge(): Status {
    stats.denied++;
    record('denied', undefined);
    callbacks.sendLocalReply(413, TOO_LARGE, undefined, undefined, 'auth_body_too_large');
    return Status.LocalReply;
  }

  function check(
    headers: RequestHeaderMap,
    body: Buffer | undefined,
  ): Status | Promise<Status | undefined> {
    const input: CheckInput = {
      method: headers.method,
      path: headers.path,
      headers: forwardedHeaders(headers, config.allowedHeaders),
      body,
    };
    const checked = cachedCheck(
      config.cache,
      (cache) => cache.keyOf(...keyParts(config, input)),
      () => callbacks.signal,
      (signal) => config.check(input, signal),
      (level, message) => callbacks.log(level, message),
    );
    if (!(checked instanceof Promise)) return finish(headers, checked);
    return checked.then(function decide(settled): Status | undefined {
      // The client went away: the stream is over, there is no one to answer or count.
      if (callbacks.signal.aborted) return undefined;
      return finish(headers, settled);
    });
  }

  return {
    decodeHeaders: function remoteAuth(headers, endStream) {
      for (const name of config.protectedHeaders) headers.del(name);
      if (config.allowPreflight && isPreflight(headers)) return Status.Continue;
      if (!config.forwardBody || endStream) return check(headers, undefined);
      const length = Number(headers.get('content-length'));
      if (length > config.maxBodyBytes) return tooLarge();
      held = headers;
      return Status.StopAndBuffer;
    },
    decodeData: function remoteAuthBody(buffer: BufferInstance) {
      if (held === undefined) return Status.Continue;
      const headers = held;
      held = undefined;
      if (buffer.length > config.maxBodyBytes) return tooLarge();
      return check(headers, buffer.length === 0 ? undefined : Buffer.from(buffer.bytes()));
    },
  };
}
