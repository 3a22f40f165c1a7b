import {
  configError,
  type FilterCallbacks,
  type RequestHeaderMap,
  Status,
  type StreamFilter,
} from '@streamfilter/core';
import { authRequest } from '../shared/auth-request';
import { admit, reasonFor, sendUnauthorized } from '../shared/basic-replies';
import { parseAuthorization } from '../shared/parse-authorization';
import { isPreflight } from '../shared/preflight';
import type { BasicAuthConfig } from './config';

function isThenable(value: unknown): value is PromiseLike<unknown> {
  return typeof (value as PromiseLike<unknown> | null)?.then === 'function';
}

/** One request's local Basic auth: synchronous unless a user callback returns a promise. */
export function createBasicAuth(config: BasicAuthConfig, callbacks: FilterCallbacks): StreamFilter {
  const { stats, users, authorizer } = config;

  function decide(headers: RequestHeaderMap, username: string, allowed: unknown) {
    if (allowed === true) {
      stats.allowed++;
      admit(callbacks, headers, config, username);
      return Status.Continue;
    }
    if (allowed !== false) {
      // `a & b` is 1, a forgotten return is undefined: a bug to fix, not a wrong password.
      throw configError(
        config.filter,
        'authorizer',
        'must return true or false, or a promise of one (callbacks are not supported)',
        allowed,
      );
    }
    stats.denied++;
    return sendUnauthorized(callbacks, config, headers, 'denied');
  }

  return {
    decodeHeaders: function basicAuth(headers) {
      if (config.identityHeader !== undefined) headers.del(config.identityHeader);
      if (config.allowPreflight && isPreflight(headers)) return Status.Continue;
      const parsed = parseAuthorization(headers.values('authorization'));
      if (parsed.kind !== 'basic') {
        stats.denied++;
        return sendUnauthorized(callbacks, config, headers, reasonFor(parsed));
      }
      const { username, password } = parsed;
      if (users?.verify(username, password)) return decide(headers, username, true);
      if (authorizer === undefined) return decide(headers, username, false);
      const verdict = authorizer(username, password, authRequest(headers));
      if (!isThenable(verdict)) return decide(headers, username, verdict);
      return Promise.resolve(verdict).then(function decideLater(allowed) {
        if (callbacks.signal.aborted) return undefined;
        return decide(headers, username, allowed);
      });
    },
  };
}
