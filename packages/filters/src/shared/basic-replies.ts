import {
  type FilterCallbacks,
  type LocalReplyHeaders,
  type RequestHeaderMap,
  Status,
} from '@streamfilter/core';
import { identityValue } from './identity';
import type { ParsedAuthorization } from './parse-authorization';

/** The seed's 401 bodies, kept word for word. */
export const Unauthorized = Object.freeze({
  missing: { body: 'no Authorization', details: 'no_authorization' },
  invalid: { body: 'invalid Authorization format', details: 'invalid_authorization_format' },
  denied: { body: 'invalid username or password', details: 'invalid_credentials' },
});

export type UnauthorizedReason = keyof typeof Unauthorized;

/** What both Basic auth filters do around their check, fixed at parse time. */
export interface BasicAuthCommon {
  /** `{ 'www-authenticate': 'Basic realm="...", charset="UTF-8"' }` */
  challengeHeaders: LocalReplyHeaders;
  identityHeader: string | undefined;
  stripAuthorization: boolean;
}

/** Answers 401 with the challenge; returns the status the hook must return. */
export function sendUnauthorized(
  callbacks: FilterCallbacks,
  common: BasicAuthCommon,
  reason: UnauthorizedReason,
): Status {
  const { body, details } = Unauthorized[reason];
  callbacks.sendLocalReply(401, body, common.challengeHeaders, undefined, details);
  return Status.LocalReply;
}

/** The 401 reason for a header that holds no usable credentials. */
export function reasonFor(parsed: ParsedAuthorization): UnauthorizedReason {
  return parsed.kind === 'missing' ? 'missing' : 'invalid';
}

/** On allow: tell the app who it is, and drop the credentials if asked. */
export function admit(headers: RequestHeaderMap, common: BasicAuthCommon, username: string): void {
  if (common.identityHeader !== undefined) {
    headers.set(common.identityHeader, identityValue(username));
  }
  if (common.stripAuthorization) headers.del('authorization');
}
