import { AUTH_METADATA, type AuthInfo, type FilterCallbacks } from '@streamfilter/core';

type Writable<T> = { -readonly [K in keyof T]: T[K] };

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
  // What this filter recorded earlier stays, but for its user; built field by field (no spread).
  const info: Writable<AuthInfo> = { filter, decision };
  if (known?.filter === filter && known.cache !== undefined) info.cache = known.cache;
  if (user !== undefined) info.user = user;
  if (cache !== undefined) info.cache = cache;
  metadata.set(AUTH_METADATA, info);
}
