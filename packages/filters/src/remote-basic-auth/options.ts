import type { AxiosInstance } from 'axios';
import type { RemoteProxyOptions } from '../remote/http-client';
import type { SharedCacheOptions } from '../remote/shared-cache-options';
import { BASIC_REPLY_OPTION_NAMES, type BasicReplyOptions } from '../shared/basic-options';

/** The `cache` option of `remoteBasicAuth`. */
export interface RemoteBasicAuthCacheOptions extends SharedCacheOptions {
  /** How long an allow decision is reused, in ms. `0` caches no allows. Default 60000. */
  allowTtlMs?: number;
  /** How long a deny decision is reused, in ms. `0` caches no denials. Default 5000. */
  denyTtlMs?: number;
  /** The most decisions kept; the least recently used go first. Default 10000. */
  maxEntries?: number;
}

/** Where the auth service is: `url`, or `host` + `port` (+ `path`) as in the seed. */
export type RemoteBasicAuthEndpoint =
  | {
      /** The check endpoint, e.g. `http://auth.internal:8080/check`. Or give `host` and `port`. */
      url: string;
      host?: never;
      port?: never;
      path?: never;
    }
  | {
      url?: never;
      /** The auth service's host, as in the seed (with `port`, and `path`). */
      host: string;
      /** The auth service's port (a number or a numeric string). */
      port: number | string;
      /** The check path with `host` and `port`. Default `/check`. */
      path?: string;
    };

/** What `remoteBasicAuth` takes beyond its endpoint and the options shared with `basicAuth`. */
export interface RemoteBasicAuthCallOptions {
  /** Deadline for the whole auth call, in ms. Default 1000. */
  timeoutMs?: number;
  /** The status answered when the auth service is in trouble. Default 503. */
  failureStatus?: number;
  /** Let requests through (with `failOpenHeader`) when the auth service is in trouble. Default false. */
  failOpen?: boolean;
  /** The marker header set to `true` on fail-open requests. Default `x-auth-unavailable`. */
  failOpenHeader?: string;
  /** The most bytes read of the auth service's response; more is a failure. Default 65536. */
  maxResponseBytes?: number;
  /** Your own axios instance (TLS, proxies). Default: one keep-alive instance per filter. */
  axios?: AxiosInstance;
  /**
   * A forward proxy for the auth calls. Default `false`: `HTTP_PROXY`/`HTTPS_PROXY` are ignored,
   * since each call carries credentials. Not with `axios` (configure your instance instead).
   */
  proxy?: false | RemoteProxyOptions;
  /** Reuse allow/deny decisions: `false` (default), `true` (default TTLs) or TTLs and a bound. */
  cache?: boolean | RemoteBasicAuthCacheOptions;
  /** Headers copied from the auth service's 200 response onto the request. Default []. */
  copyResponseHeaders?: readonly string[];
  /** Request headers forwarded to the auth service, e.g. `x-request-id`. Default []. */
  forwardHeaders?: readonly string[];
}

/** Options of `remoteBasicAuth`; see the package README for every default. */
export type RemoteBasicAuthOptions = RemoteBasicAuthEndpoint &
  RemoteBasicAuthCallOptions &
  BasicReplyOptions;

/** Counters of a `remoteBasicAuth` filter, per request. */
export interface RemoteBasicAuthStats {
  /** Requests let through with valid credentials. */
  allowed: number;
  /** Requests answered 401 (missing, malformed or wrong credentials). */
  denied: number;
  /** Requests that met auth-service trouble (refused, reset, timeout, 5xx, 3xx, oversized). */
  errors: number;
  /** Of those, requests let through because of `failOpen`. */
  failOpen: number;
  /** Checks answered by the cache, or by joining an identical check already in flight. */
  cacheHits: number;
  /** Checks that called the auth service (only counted with `cache` on). */
  cacheMisses: number;
  /** Of the cache hits, checks answered by the cache shared through Redis. */
  sharedHits: number;
  /** Checks that went without the shared cache: Redis down, slow or refusing. */
  sharedUnavailable: number;
}

export const REMOTE_OPTION_NAMES: readonly string[] = [
  'url',
  'host',
  'port',
  'path',
  'timeoutMs',
  'failureStatus',
  'failOpen',
  'failOpenHeader',
  'maxResponseBytes',
  'axios',
  'proxy',
  'cache',
  'copyResponseHeaders',
  'forwardHeaders',
  ...BASIC_REPLY_OPTION_NAMES,
] satisfies readonly (keyof RemoteBasicAuthOptions)[];
