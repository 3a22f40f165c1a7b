import type { AuthRequest } from '../shared/auth-request';
import { BASIC_REPLY_OPTION_NAMES, type BasicReplyOptions } from '../shared/basic-options';

/**
 * Decides whether a username/password pair is valid: `true` or `false`, or a promise of one.
 * Any other result (`1`, `undefined`) is a bug, answered 500 and logged, never taken for a deny.
 * Not a callback: `(username, password, cb)` authorizers are refused at startup.
 */
export type BasicAuthAuthorizer = (
  username: string,
  password: string,
  request: AuthRequest,
) => boolean | Promise<boolean>;

/** `basicAuth` needs `users`, `authorizer`, or both. */
export type BasicAuthCredentialOptions =
  | {
      /** Valid credentials, `{ username: password }`, compared in constant time. */
      users: Readonly<Record<string, string>>;
      /** Asked when `users` does not match; `true` allows. */
      authorizer?: BasicAuthAuthorizer;
    }
  | {
      users?: Readonly<Record<string, string>>;
      /** Asked for every request with Basic credentials (when there is no `users` match). */
      authorizer: BasicAuthAuthorizer;
    };

/** Options of `basicAuth`; see the package README for every default. */
export type BasicAuthOptions = BasicAuthCredentialOptions & BasicReplyOptions;

/** Counters of a `basicAuth` filter, per request. */
export interface BasicAuthStats {
  /** Requests let through. */
  allowed: number;
  /** Requests answered 401. */
  denied: number;
}

export const BASIC_OPTION_NAMES: readonly string[] = [
  'users',
  'authorizer',
  ...BASIC_REPLY_OPTION_NAMES,
] satisfies readonly (keyof BasicAuthOptions)[];
