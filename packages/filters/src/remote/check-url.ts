import { configError } from '@streamfilter/core';

interface Endpoint {
  url?: unknown;
  host?: unknown;
  port?: unknown;
  path?: unknown;
}

/** An absolute http:// or https:// URL, normalized. */
export function parseUrl(filter: string, value: unknown): string {
  let url: URL | undefined;
  try {
    url = typeof value === 'string' ? new URL(value) : undefined;
  } catch {
    url = undefined;
  }
  if (url === undefined || (url.protocol !== 'http:' && url.protocol !== 'https:')) {
    throw configError(filter, 'url', 'must be an absolute http:// or https:// URL', value);
  }
  return url.href;
}

function parsePort(filter: string, value: unknown): number {
  const port = typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : value;
  if (typeof port !== 'number' || !Number.isInteger(port) || port < 1 || port > 65535) {
    throw configError(filter, 'port', 'must be an integer from 1 to 65535', value);
  }
  return port;
}

function parseHost(filter: string, value: unknown): string {
  if (typeof value !== 'string' || value === '' || /[\s/?#@]/.test(value)) {
    throw configError(filter, 'host', 'must be a host name or IP address', value);
  }
  return value.includes(':') && !value.startsWith('[') ? `[${value}]` : value;
}

function parsePath(filter: string, value: unknown): string {
  if (value === undefined) return '/check';
  if (typeof value !== 'string' || !/^\/[^\s#]*$/.test(value)) {
    throw configError(filter, 'path', 'must start with "/" and hold no spaces', value);
  }
  return value;
}

/** The check URL, from `url`, or from `host` + `port` + `path` as in the seed. */
export function checkUrl(filter: string, options: Endpoint): string {
  const { url, host, port, path } = options;
  if (url !== undefined) {
    for (const [name, value] of Object.entries({ host, port, path })) {
      if (value !== undefined) {
        throw configError(filter, name, 'cannot be combined with "url"', value);
      }
    }
    return parseUrl(filter, url);
  }
  if (host === undefined && port === undefined) {
    throw configError(filter, 'url', 'is required (or give "host" and "port")', url);
  }
  const built = `http://${parseHost(filter, host)}:${parsePort(filter, port)}${parsePath(filter, path)}`;
  return parseUrl(filter, built);
}
