import type { AuthRequest } from './auth-request';
import type { BasicAuthCommon } from './basic-replies';
import { parseChallenge, parseRealm, type RealmFunction } from './challenge';
import { booleanOption, optionalHeaderOption } from './option-checks';
import { parseUnauthorizedResponse, type UnauthorizedResponse } from './unauthorized-response';

/** Options both Basic auth filters take: what a 401 looks like, and what the app is told. */
export interface BasicReplyOptions {
  /**
   * The realm of the `WWW-Authenticate` challenge, or a function of the request giving it.
   * Default `Restricted`.
   */
  realm?: string | RealmFunction;
  /** Send `WWW-Authenticate` with each 401. `false` for APIs that must not open a browser dialog. Default true. */
  challenge?: boolean;
  /**
   * The body of every 401: a string, an object (sent as JSON), or a function of the request and
   * the reason (`'missing' | 'invalid' | 'denied'`) returning either, or a promise of either.
   * Default: the seed's plain-text bodies (`no Authorization`, ...).
   */
  unauthorizedResponse?: UnauthorizedResponse;
  /** Header set to the username on allow, e.g. `x-authenticated-user`. Default false (none). */
  identityHeader?: string | false;
  /** Remove `Authorization` before the app sees the request. Default false. */
  stripAuthorization?: boolean;
  /** Let CORS preflights (`OPTIONS` with `Access-Control-Request-Method`) through without credentials. Default false. */
  allowPreflight?: boolean;
}

export type { AuthRequest };

export const BASIC_REPLY_OPTION_NAMES = [
  'realm',
  'challenge',
  'unauthorizedResponse',
  'identityHeader',
  'stripAuthorization',
  'allowPreflight',
] as const satisfies readonly (keyof BasicReplyOptions)[];

/** Validates the options both Basic filters share, once, at startup. */
export function parseBasicReplyOptions(
  filter: string,
  options: Record<string, unknown>,
): BasicAuthCommon {
  const realm = parseRealm(filter, options.realm);
  return {
    filter,
    realm,
    challenge: parseChallenge(filter, options.challenge, realm),
    unauthorizedResponse: parseUnauthorizedResponse(filter, options.unauthorizedResponse),
    identityHeader: optionalHeaderOption(filter, 'identityHeader', options.identityHeader),
    stripAuthorization: booleanOption(
      filter,
      'stripAuthorization',
      options.stripAuthorization,
      false,
    ),
    allowPreflight: booleanOption(filter, 'allowPreflight', options.allowPreflight, false),
  };
}
