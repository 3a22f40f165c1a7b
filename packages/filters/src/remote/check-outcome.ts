/** Headers taken from the auth service's answer, by allow-listed name. */
export type CopiedHeaders = ReadonlyArray<readonly [name: string, value: string | string[]]>;

/** The service's own answer to a denied check, for filters that pass it on to the client. */
export interface DeniedReply {
  readonly status: number;
  readonly body: Buffer;
  readonly headers: CopiedHeaders;
}

/** An allow or a deny: the outcomes worth caching. */
export type Decision =
  | {
      readonly kind: 'allow';
      readonly headers: CopiedHeaders;
      /** Who the service says the user is, when it says. */
      readonly user?: string;
      /** How long the service lets this decision be reused (ms); `undefined`: the default. */
      readonly ttlMs?: number;
    }
  | { readonly kind: 'deny'; readonly reply?: DeniedReply; readonly ttlMs?: number };

/** What one check against the auth service concluded. */
export type CheckOutcome = Decision | { readonly kind: 'failure'; readonly reason: string };

export const DENY: Decision = Object.freeze({ kind: 'deny' });

/** What a request whose client went away gets: nothing to answer, nothing to count. */
export const ABORTED: CheckOutcome = Object.freeze({ kind: 'failure', reason: 'aborted' });

/**
 * What a status means for a check: `isAllow(status)` allows; a redirect (never followed) or a
 * 5xx is auth-service trouble; anything else denies.
 */
export function classifyStatus(
  status: number,
  isAllow: (status: number) => boolean,
): 'allow' | 'deny' | 'failure' {
  if (isAllow(status)) return 'allow';
  if ((status >= 300 && status < 400) || status >= 500) return 'failure';
  return 'deny';
}
