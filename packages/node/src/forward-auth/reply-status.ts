import type { ForwardAuthProxy } from './options';

/**
 * The status a filter's local reply is answered with, so that the proxy keeps the request from
 * the app. A 2xx means "allow" to nginx, Traefik and Envoy alike, so a filter that answered 2xx
 * itself gets 403. nginx's `auth_request` takes 401 and 403 as a denial and answers 500 for any
 * other status: with `proxy: 'nginx'`, 3xx and 4xx become 403, and 5xx stay (nginx answers 500,
 * and logs the status it got).
 */
export function replyStatus(status: number, proxy: ForwardAuthProxy | undefined): number {
  if (status < 300) return 403;
  if (proxy !== 'nginx' || status === 401 || status === 403 || status >= 500) return status;
  return 403;
}
