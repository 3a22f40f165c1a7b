import {
  type FilterCallbacks,
  type LocalReplyHeaders,
  type RequestHeaderMap,
  Status,
} from '@streamfilter/core';
import type { CacheSource } from '../remote/cached-check';
import { recordAuth } from './auth-metadata';
import { authRequest } from './auth-request';
import type { Challenge, RealmFunction } from './challenge';
import { identityValue } from './identity';
import type { ParsedAuthorization } from './parse-authorization';
import {
  type ReplyBody,
  replyBody,
  type UnauthorizedReason,
  type UnauthorizedResponseFunction,
} from './unauthorized-response';

/** The seed's 401 bodies, kept word for word. */
export const Unauthorized = Object.freeze({
  missing: { body: 'no Authorization', details: 'no_authorization' },
  invalid: { body: 'invalid Authorization format', details: 'invalid_authorization_format' },
  denied: { body: 'invalid username or password', details: 'invalid_credentials' },
});

/** What both Basic auth filters do around their check, fixed at parse time. */
export interface BasicAuthCommon {
  readonly filter: string;
  /** The realm, or the function of the request that gives it. */
  readonly realm: string | RealmFunction;
  /** What a 401 carries to challenge the client; `undefined` with `challenge: false`. */
  readonly challenge: Challenge;
  /** `unauthorizedResponse`: the body of every 401, or a function giving it; default the seed's. */
  readonly unauthorizedResponse: ReplyBody | UnauthorizedResponseFunction | undefined;
  readonly identityHeader: string | undefined;
  readonly stripAuthorization: boolean;
  readonly allowPreflight: boolean;
}

const RETURN_RULE = 'function must return a string or an object';

function isThenable(value: unknown): value is PromiseLike<unknown> {
  return typeof (value as PromiseLike<unknown> | null)?.then === 'function';
}

function merged(a: LocalReplyHeaders | undefined, b: LocalReplyHeaders): LocalReplyHeaders {
  return a === undefined ? b : { ...a, ...b };
}

/**
 * Answers 401 (with the challenge, and `unauthorizedResponse` if given) and records the denial.
 * Returns the status the hook must return: a promise only when `unauthorizedResponse` does.
 */
export function sendUnauthorized(
  callbacks: FilterCallbacks,
  common: BasicAuthCommon,
  headers: RequestHeaderMap,
  reason: UnauthorizedReason,
  cache?: CacheSource,
): Status | Promise<Status | undefined> {
  recordAuth(callbacks, 'denied', undefined, cache);
  const { details } = Unauthorized[reason];
  const { challenge, unauthorizedResponse: response } = common;
  const request = typeof challenge === 'function' || typeof response === 'function';
  const view = request ? authRequest(headers) : undefined;
  const challengeHeaders = typeof challenge === 'function' ? challenge(view!) : challenge;
  function reply(body: ReplyBody): Status {
    const replyHeaders = merged(challengeHeaders, body.headers);
    callbacks.sendLocalReply(401, body.body, replyHeaders, undefined, details);
    return Status.LocalReply;
  }
  if (response === undefined) {
    callbacks.sendLocalReply(401, Unauthorized[reason].body, challengeHeaders, undefined, details);
    return Status.LocalReply;
  }
  if (typeof response !== 'function') return reply(response);
  const produced = response(view!, reason);
  if (!isThenable(produced)) return reply(replyBody(common.filter, RETURN_RULE, produced));
  return Promise.resolve(produced).then(function replyLater(body): Status | undefined {
    if (callbacks.signal.aborted) return undefined;
    return reply(replyBody(common.filter, RETURN_RULE, body));
  });
}

/** The 401 reason for a header that holds no usable credentials. */
export function reasonFor(parsed: ParsedAuthorization): UnauthorizedReason {
  return parsed.kind === 'missing' ? 'missing' : 'invalid';
}

/** On allow: record the user, tell the app who it is, and drop the credentials if asked. */
export function admit(
  callbacks: FilterCallbacks,
  headers: RequestHeaderMap,
  common: BasicAuthCommon,
  username: string,
  cache?: CacheSource,
): void {
  recordAuth(callbacks, 'allowed', username, cache);
  if (common.identityHeader !== undefined) {
    headers.set(common.identityHeader, identityValue(username));
  }
  if (common.stripAuthorization) headers.del('authorization');
}
