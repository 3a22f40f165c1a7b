// The filter chain streamfilter-forward-auth serves to nginx (npm run forward-auth):
// remote Basic auth against the auth service, the username handed on in x-authenticated-user.
// AUTH_URL points it at another auth service.
import { remoteBasicAuth } from '@streamfilter/filters';

export const filters = [
  remoteBasicAuth({
    url: process.env.AUTH_URL ?? 'http://127.0.0.1:10000/check',
    identityHeader: 'x-authenticated-user',
  }),
];

export const options = {
  // nginx sends the client's method and path in X-Original-Method and X-Original-URI. Trusted
  // because nothing but nginx reaches this server: it listens on 127.0.0.1 only.
  trustForwardedHeaders: true,
  // nginx takes only 2xx, 401 and 403 from an auth answer: other refusals become 403.
  proxy: 'nginx',
};
