import {
  type FilterCallbacks,
  type RequestHeaderMap,
  Status,
  type StreamFilter,
} from '@streamfilter/core';
import { noteCacheSource } from '../remote/cache-metadata';
import type { CheckOutcome } from '../remote/check-outcome';
import { countSource } from '../remote/count-source';
import type { Checked } from '../remote/decision-cache';
import { forwardedHeaders } from '../remote/forwarded-headers';
import { admit, reasonFor, sendUnauthorized } from '../shared/basic-replies';
import { parseAuthorization } from '../shared/parse-authorization';
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

  function fail(headers: RequestHeaderMap, reason: string): Status {
    stats.errors++;
    if (config.failOpen) {
      stats.failOpen++;
      callbacks.log('warn', `auth service check failed (${reason}): failing open`);
      headers.set(config.failOpenHeader, 'true');
      if (config.stripAuthorization) headers.del('authorization');
      return Status.Continue;
    }
    const status = config.failureStatus;
    callbacks.log('warn', `auth service check failed (${reason}): answering ${status}`);
    callbacks.sendLocalReply(status, UNAVAILABLE_BODY, undefined, undefined, 'auth_service_error');
    return Status.LocalReply;
  }

  function apply(headers: RequestHeaderMap, username: string, outcome: CheckOutcome): Status {
    switch (outcome.kind) {
      case 'allow':
        stats.allowed++;
        for (const [name, value] of outcome.headers) headers.set(name, value);
        admit(headers, config, username);
        return Status.Continue;
      case 'deny':
        stats.denied++;
        return sendUnauthorized(callbacks, config, 'denied');
      case 'failure':
        return fail(headers, outcome.reason);
    }
  }

  function finish(headers: RequestHeaderMap, username: string, checked: Checked): Status {
    const { source, outcome } = checked;
    countSource(stats, source);
    noteCacheSource(callbacks, source, outcome, config.failOpen);
    return apply(headers, username, outcome);
  }

  return {
    decodeHeaders: function remoteBasicAuth(headers) {
      const parsed = parseAuthorization(headers.values('authorization'));
      for (const name of config.protectedHeaders) headers.del(name);
      if (parsed.kind !== 'basic') {
        stats.denied++;
        return sendUnauthorized(callbacks, config, reasonFor(parsed));
      }
      const { username, password } = parsed;
      const forwarded = forwardedHeaders(headers, config.forwardHeaders);
      const checked = runCheck(config, callbacks, username, password, forwarded);
      if (!(checked instanceof Promise)) return finish(headers, username, checked);
      return checked.then(function decide(settled): Status | undefined {
        // The client went away: the stream is over, there is no one to answer or count.
        if (callbacks.signal.aborted) return undefined;
        return finish(headers, username, settled);
      });
    },
  };
}
