/** Decides whether a username/password pair is valid; may answer later, with a promise. */
export type BasicAuthAuthorizer = (
  username: string,
  password: string,
) => boolean | Promise<boolean>;

/** Options of `basicAuth`; see the package README for every default. */
export interface BasicAuthOptions {
  /** Valid credentials, `{ username: password }`, compared in constant time. */
  users?: Readonly<Record<string, string>>;
  /** Asked when `users` does not match (or when there is no `users`); `true` allows. */
  authorizer?: BasicAuthAuthorizer;
  /** The realm of the `WWW-Authenticate` challenge. Default `Restricted`. */
  realm?: string;
  /** Header set to the username on allow, e.g. `x-authenticated-user`. Default false (none). */
  identityHeader?: string | false;
  /** Remove `Authorization` before the app sees the request. Default false. */
  stripAuthorization?: boolean;
}

/** Counters of a `basicAuth` filter, per request. */
export interface BasicAuthStats {
  /** Requests let through. */
  allowed: number;
  /** Requests answered 401. */
  denied: number;
}

export const BASIC_OPTION_NAMES: readonly (keyof BasicAuthOptions)[] = [
  'users',
  'authorizer',
  'realm',
  'identityHeader',
  'stripAuthorization',
];
