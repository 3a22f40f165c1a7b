import http from 'node:http';
import https from 'node:https';
import { configError } from '@streamfilter/core';
import type { AxiosInstance, AxiosProxyConfig } from 'axios';
import { checkOptionsObject } from '../shared/option-checks';

/** The `proxy` option of the remote filters: a forward proxy for the auth calls. */
export interface RemoteProxyOptions {
  /** The proxy's host name or IP address. */
  host: string;
  /** The proxy's port. */
  port: number;
  /** How to reach the proxy. Default `'http'`. */
  protocol?: 'http' | 'https';
}

function parseProxy(filter: string, value: unknown): AxiosProxyConfig | false {
  if (value === undefined || value === false) return false;
  const shape = 'must be false or { host, port, protocol? }';
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw configError(filter, 'proxy', shape, value);
  }
  const prefixed = `${filter}.proxy`;
  checkOptionsObject(prefixed, value, ['host', 'port', 'protocol']);
  const { host, port, protocol = 'http' } = value;
  if (typeof host !== 'string' || host === '' || /[\s/?#@]/.test(host)) {
    throw configError(prefixed, 'host', 'must be a host name or IP address', host);
  }
  if (typeof port !== 'number' || !Number.isInteger(port) || port < 1 || port > 65535) {
    throw configError(prefixed, 'port', 'must be an integer from 1 to 65535', port);
  }
  if (protocol !== 'http' && protocol !== 'https') {
    throw configError(prefixed, 'protocol', 'must be "http" or "https"', protocol);
  }
  return { host, port, protocol };
}

/**
 * The HTTP client of a remote filter: the caller's own axios instance, or one keep-alive
 * instance per configured filter that ignores `HTTP_PROXY`/`HTTPS_PROXY` (the check carries
 * credentials: it goes through a proxy only when `proxy` says so).
 */
export function httpClient(filter: string, instance: unknown, proxy: unknown): AxiosInstance {
  if (instance !== undefined) {
    if (typeof (instance as AxiosInstance | null)?.request !== 'function') {
      throw configError(filter, 'axios', 'must be an axios instance (axios.create(...))', instance);
    }
    if (proxy !== undefined) {
      throw configError(filter, 'proxy', 'cannot be combined with "axios" (set it there)', proxy);
    }
    return instance as AxiosInstance;
  }
  const proxyConfig = parseProxy(filter, proxy);
  // Loaded here, not at the top: users of the in-process filters never load axios.
  const axios = require('axios') as typeof import('axios');
  return axios.create({
    httpAgent: new http.Agent({ keepAlive: true }),
    httpsAgent: new https.Agent({ keepAlive: true }),
    proxy: proxyConfig,
  });
}
