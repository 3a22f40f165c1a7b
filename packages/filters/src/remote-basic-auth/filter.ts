import {
  type FilterCallbacks,
  type RequestHeaderMap,
  Status,
  type StreamFilter,
} from '@streamfilter/core';
import type { CacheSource } from '../remote/cached-check';
import type { CheckOutcome } from '../remote/check-outcome';
import { countSource } from '../remote/count-source';
import type { Checked } from '../remote/decision-cache';
import { forwardedHeaders } from '../remote/forwarded-headers';
import { recordAuth } from '../shared/auth-metadata';
import { admit, reasonFor, sendUnauthorized } from '../shared/basic-replies';
import { parseAuthorization } from '../shared/parse-authorization';
import { isPreflight } from '../shared/preflight';
import type { RemoteBasicAuthConfig } from './config';
import { runCheck } from './run-check';

/** The body of the answer sent when the auth service is in trouble and `failOpen` is off. */
export const UNAVAILABLE_BODY = 'auth service unavailable';

/** One request's remote Basic auth: parse, ask (or recall), then allow, deny or fail. */
export function createRemoteBasicAuth(
  config: RemoteBasicAuthConfig,
  callbacks: FilterCallbacks,
): StreamFilter {
  const { stats } = config;

  function fail(headers: RequestHeaderMap, reason: string, source?: CacheSource): Status {
    stats.errors++;
    if (config.failOpen) {
      stats.failOpen++;
      recordAuth(callbacks, 'fail_open', undefined, source);
      callbacks.log('warn', `auth service check failed (${reason}): failing open`);
      headers.set(config.failOpenHeader, 'true');
      if (config.stripAuthorization) headers.del('authorization');
      return Status.Continue;
    }
    recordAuth(callbacks, 'error', undefined, source);
    const status = config.failureStatus;
    callbacks.log('warn', `auth service check failed (${reason}): answering ${status}`);
    callbacks.sendLocalReply(status, UNAVAILABLE_BODY, undefined, undefined, 'auth_service_error');
    return Status.LocalReply;
  }

  function apply(
    headers: RequestHeaderMap,
    username: string,
    outcome: CheckOutcome,
    source: CacheSource | undefined,
  ) {
    switch (outcome.kind) {
      case 'allow':
        stats.allowed++;
        for (const [name, value] of outcome.headers) headers.set(name, value);
        admit(callbacks, headers, config, username, source);
        return Status.Continue;
      case 'deny':
        stats.denied++;
        return sendUnauthorized(callbacks, config, headers, 'denied', source);
      case 'failure':
        return fail(headers, outcome.reason, source);
    }
  }

  function finish(headers: RequestHeaderMap, username: string, checked: Checked) {
    countSource(stats, checked.source);
    return apply(headers, username, checked.outcome, checked.source);
  }

  return {
    decodeHeaders: function remoteBasicAuth(headers) {
      for (const name of config.protectedHeaders) headers.del(name);
      if (config.allowPreflight && isPreflight(headers)) return Status.Continue;
      const parsed = parseAuthorization(headers.values('authorization'));
      if (parsed.kind !== 'basic') {
        stats.denied++;
        return sendUnauthorized(callbacks, config, headers, reasonFor(parsed));
      }
      const { username, password } = parsed;
      const forwarded = forwardedHeaders(headers, config.forwardHeaders);
      const checked = runCheck(config, callbacks, username, password, forwarded);
      if (!(checked instanceof Promise)) return finish(headers, username, checked);
      return checked.then(function decide(settled) {
        // The client went away: the stream is over, there is no one to answer or count.
        if (callbacks.signal.aborted) return undefined;
        return finish(headers, username, settled);
      });
    },
  };
}
