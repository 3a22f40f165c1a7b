import { metadataValue, type StreamInfo } from './stream-info';

/**
 * The `streamInfo.metadata` key under which an authentication filter records what it decided,
 * as an {@link AuthInfo}. Hosts expose it their way (Express: `req.auth`), and observers count it.
 */
export const AUTH_METADATA = 'streamfilter.auth';

/** What an authentication filter decided for one request (`metadata.get(AUTH_METADATA)`). */
export interface AuthInfo {
  /** The filter that decided. */
  readonly filter: string;
  readonly decision: 'allowed' | 'denied' | 'error' | 'fail_open';
  /** The authenticated user, when `decision` is `allowed`. */
  readonly user?: string;
  /**
   * Where the decision came from, for filters with a decision cache: this process's cache
   * (`hit`), the cache shared by instances (`shared`), a new check (`miss`), or a check already
   * in flight (`coalesced`).
   */
  readonly cache?: 'hit' | 'shared' | 'miss' | 'coalesced';
}

/** Who an authentication filter let in: what hosts expose to the app. */
export interface RequestAuth {
  readonly user: string;
  /** The filter that authenticated the request. */
  readonly filter: string;
}

/**
 * The user an authentication filter let in for this stream, if one did: what hosts expose as
 * `req.auth` (Express), `ctx.state.auth` (Koa), ... Reads without allocating.
 */
export function authenticatedUser(info: StreamInfo): RequestAuth | undefined {
  const auth = metadataValue(info, AUTH_METADATA) as AuthInfo | undefined;
  if (auth?.decision !== 'allowed' || typeof auth.user !== 'string') return undefined;
  return { user: auth.user, filter: auth.filter };
}
