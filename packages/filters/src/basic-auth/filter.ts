import {
  type FilterCallbacks,
  type RequestHeaderMap,
  Status,
  type StreamFilter,
} from '@streamfilter/core';
import { admit, reasonFor, sendUnauthorized } from '../shared/basic-replies';
import { parseAuthorization } from '../shared/parse-authorization';
import type { BasicAuthConfig } from './config';

function isThenable(value: unknown): value is PromiseLike<unknown> {
  return typeof (value as PromiseLike<unknown> | null)?.then === 'function';
}

/** One request's local Basic auth: synchronous unless the authorizer returns a promise. */
export function createBasicAuth(config: BasicAuthConfig, callbacks: FilterCallbacks): StreamFilter {
  const { stats, users, authorizer } = config;

  function decide(headers: RequestHeaderMap, username: string, allowed: unknown): Status {
    if (allowed !== true) {
      stats.denied++;
      return sendUnauthorized(callbacks, config, 'denied');
    }
    stats.allowed++;
    admit(headers, config, username);
    return Status.Continue;
  }

  return {
    decodeHeaders: function basicAuth(headers) {
      const parsed = parseAuthorization(headers.values('authorization'));
      if (config.identityHeader !== undefined) headers.del(config.identityHeader);
      if (parsed.kind !== 'basic') {
        stats.denied++;
        return sendUnauthorized(callbacks, config, reasonFor(parsed));
      }
      const { username, password } = parsed;
      if (users?.verify(username, password)) return decide(headers, username, true);
      if (authorizer === undefined) return decide(headers, username, false);
      const verdict = authorizer(username, password);
      if (!isThenable(verdict)) return decide(headers, username, verdict);
      return Promise.resolve(verdict).then(function decideLater(allowed): Status | undefined {
        if (callbacks.signal.aborted) return undefined;
        return decide(headers, username, allowed);
      });
    },
  };
}
