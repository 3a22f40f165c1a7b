// The README's config module for streamfilter-forward-auth (as a .mjs file it runs as is).
import { remoteBasicAuth } from '@streamfilter/filters';

export const filters = [
  remoteBasicAuth({ url: 'http://127.0.0.1:10000/check', identityHeader: 'x-authenticated-user' }),
];

export const options = { trustForwardedHeaders: true, proxy: 'nginx' };
