import {
  type ChainableFilter,
  configError,
  FilterChain,
  type FilterChainOptions,
} from '@streamfilter/core';

/** The proxy that asks `forwardAuth`; only nginx needs its replies reshaped. */
export type ForwardAuthProxy = 'nginx' | 'traefik' | 'envoy';

/** Options of `forwardAuth`: its own, plus every filter chain option. */
export interface ForwardAuthOptions extends FilterChainOptions {
  /**
   * Rebuild the request the client sent from the headers the proxy adds: `X-Original-Method` and
   * `X-Original-URI` (nginx), `X-Forwarded-Method`, `-Uri`, `-Host`, `-Proto`, `-For` (Traefik).
   * Only for a server that nothing but the proxy can reach: anyone else could send these headers
   * and choose the method, path and address the filters judge. Default `false`: the filters see
   * the auth request as it arrived (Envoy's ext_authz sends the original method and path anyway).
   */
  trustForwardedHeaders?: boolean;
  /**
   * Which proxy asks. `'nginx'` turns a 3xx or 4xx reply other than 401 and 403 into 403, since
   * nginx's `auth_request` answers 500 for those. Traefik and Envoy return any reply to the
   * client as it is, so `'traefik'`, `'envoy'` and the default leave replies alone.
   */
  proxy?: ForwardAuthProxy;
}

/** What `forwardAuth` decided at startup. */
export interface ForwardAuthConfig {
  chain: FilterChain;
  trustForwardedHeaders: boolean;
  proxy: ForwardAuthProxy | undefined;
}

const PROXIES: readonly ForwardAuthProxy[] = ['nginx', 'traefik', 'envoy'];

/** Validates the options once, at startup; throws `ERR_FILTER_CONFIG` or `ERR_INVALID_CHAIN`. */
export function parseForwardAuthOptions(
  filters: readonly ChainableFilter[],
  options: ForwardAuthOptions | undefined,
): ForwardAuthConfig {
  if (options !== undefined && (options === null || typeof options !== 'object')) {
    throw configError('forwardAuth', 'options', 'must be an object', options);
  }
  const { trustForwardedHeaders = false, proxy, ...chainOptions } = options ?? {};
  if (typeof trustForwardedHeaders !== 'boolean') {
    throw configError(
      'forwardAuth',
      'trustForwardedHeaders',
      'must be true or false',
      trustForwardedHeaders,
    );
  }
  if (proxy !== undefined && !PROXIES.includes(proxy)) {
    throw configError('forwardAuth', 'proxy', `must be one of ${PROXIES.join(', ')}`, proxy);
  }
  return { chain: new FilterChain(filters, chainOptions), trustForwardedHeaders, proxy };
}
