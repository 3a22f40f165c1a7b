/** Headers copied from the auth service's answer onto the allowed request. */
export type CopiedHeaders = ReadonlyArray<readonly [name: string, value: string | string[]]>;

/** What one check against the auth service concluded. */
export type CheckOutcome =
  | { kind: 'allow'; headers: CopiedHeaders }
  | { kind: 'deny' }
  | { kind: 'failure'; reason: string };

/** An allow or a deny: the outcomes worth caching. */
export type Decision = Extract<CheckOutcome, { kind: 'allow' | 'deny' }>;

export const DENY: Decision = Object.freeze({ kind: 'deny' });

/** What a request whose client went away gets: nothing to answer, nothing to count. */
export const ABORTED: CheckOutcome = Object.freeze({ kind: 'failure', reason: 'aborted' });
