export { type BasicAuthFilter, basicAuth } from './basic-auth';
export type { BasicAuthConfig } from './basic-auth/config';
export type { BasicAuthAuthorizer, BasicAuthOptions, BasicAuthStats } from './basic-auth/options';
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
  RemoteBasicAuthOptions,
  RemoteBasicAuthStats,
} from './remote-basic-auth/options';
export { Unauthorized } from './shared/basic-replies';
export type { FilterWithStats } from './shared/with-stats';
