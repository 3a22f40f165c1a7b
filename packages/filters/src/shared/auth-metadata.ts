import { AUTH_METADATA, type AuthInfo, type FilterCallbacks } from '@streamfilter/core';

/**
 * Records this filter's decision under AUTH_METADATA (Express shows `user` as `req.auth.user`).
 * A record this filter already wrote for the request is extended, never dropped; another
 * filter's record is replaced: the last auth filter to decide is the one that counts.
 */
export function recordAuth(
  callbacks: FilterCallbacks,
  decision: AuthInfo['decision'],
  user?: string,
  cache?: AuthInfo['cache'],
): void {
  const { metadata } = callbacks.streamInfo;
  const filter = callbacks.filterName;
  const known = metadata.get(AUTH_METADATA) as AuthInfo | undefined;
  const { user: _earlier, ...kept } = known?.filter === filter ? known : { user: undefined };
  const info: AuthInfo = {
    ...kept,
    filter,
    decision,
    ...(user !== undefined && { user }),
    ...(cache !== undefined && { cache }),
  };
  metadata.set(AUTH_METADATA, info);
}
