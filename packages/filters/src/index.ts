export { type BasicAuthFilter, basicAuth } from './basic-auth';
export type { BasicAuthConfig } from './basic-auth/config';
export type {
  BasicAuthAuthorizer,
  BasicAuthCredentialOptions,
  BasicAuthOptions,
  BasicAuthStats,
} from './basic-auth/options';
export type { RemoteProxyOptions } from './remote/http-client';
export type { SharedCacheClient, SharedCacheOptions } from './remote/shared-cache-options';
export { type RemoteAuthFilter, remoteAuth } from './remote-auth';
export type { RemoteAuthConfig } from './remote-auth/config';
export type {
  ForwardMethodAndPath,
  RemoteAuthCacheOptions,
  RemoteAuthOptions,
  RemoteAuthStats,
} from './remote-auth/options';
export { type RemoteBasicAuthFilter, remoteBasicAuth } from './remote-basic-auth';
export type { RemoteBasicAuthConfig } from './remote-basic-auth/config';
export { UNAVAILABLE_BODY } from './remote-basic-auth/filter';
export type {
  RemoteBasicAuthCacheOptions,
  RemoteBasicAuthCallOptions,
  RemoteBasicAuthEndpoint,
  RemoteBasicAuthOptions,
  RemoteBasicAuthStats,
} from './remote-basic-auth/options';
export type { AuthRequest } from './shared/auth-request';
export type { BasicReplyOptions } from './shared/basic-options';
export { Unauthorized } from './shared/basic-replies';
export type { RealmFunction } from './shared/challenge';
export { safeCompare } from './shared/safe-compare';
export type {
  UnauthorizedBody,
  UnauthorizedReason,
  UnauthorizedResponse,
} from './shared/unauthorized-response';
export type { FilterWithStats } from './shared/with-stats';
