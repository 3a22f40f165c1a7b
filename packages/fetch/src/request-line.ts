import { type HeaderRecord, RequestHeaderMap } from '@streamfilter/core';
import { headersOf, recordOf, recordOfLines, sameRecord, snapshotOf } from './headers';

/** `https://host/a?b#c` → `{ origin: 'https://host', path: '/a?b', scheme: 'https' }`. */
export function splitUrl(url: string): { origin: string; path: string; scheme: string } {
  const colon = url.indexOf(':');
  const slash = url.indexOf('/', colon + 3);
  const hash = url.indexOf('#');
  const end = hash < 0 ? url.length : hash;
  return {
    origin: slash < 0 ? url.slice(0, end) : url.slice(0, slash),
    path: slash < 0 || slash > end ? '/' : url.slice(slash, end),
    scheme: url.slice(0, colon),
  };
}

/**
 * The request as filters see it, and what it takes to tell afterwards whether they changed it:
 * a Fetch `Request` is immutable, so the application gets a new one only when they did.
 */
export class RequestLine {
  readonly headers: RequestHeaderMap;
  readonly method: string;
  readonly path: string;
  readonly #origin: string;
  readonly #snapshot: HeaderRecord;

  /**
   * @param lines the request's header lines as received, when the host has them at hand: the
   *   same headers, without building a Fetch `Headers` (which some hosts do lazily, at a cost).
   */
  constructor(request: Request, lines?: readonly string[]) {
    const { origin, path, scheme } = splitUrl(request.url);
    const record = lines === undefined ? recordOf(request.headers) : recordOfLines(lines);
    // Fetch hosts may keep the authority in the URL only; filters read it as `host`.
    record.host ??= origin.slice(scheme.length + 3);
    this.method = request.method;
    this.path = path;
    this.#origin = origin;
    this.#snapshot = snapshotOf(record);
    this.headers = new RequestHeaderMap(record, { method: this.method, path, scheme });
  }

  /** Whether the filters left method, path and headers as they came. */
  get unchanged(): boolean {
    const headers = this.headers;
    return (
      headers.method === this.method &&
      headers.path === this.path &&
      sameRecord(headers.record, this.#snapshot)
    );
  }

  /**
   * The request the application gets: `request` itself, or one with what the filters set.
   * `body` is what the filters passed on; `undefined` keeps the request's own.
   */
  forwarded(request: Request, body?: ReadableStream<Uint8Array> | null): Request {
    if (body === undefined) {
      if (this.unchanged) return request;
      body = request.bodyUsed ? null : request.body;
    }
    const headers = this.headers;
    const method = headers.method;
    const init: RequestInit & { duplex?: 'half' } = {
      method,
      headers: headersOf(headers),
      signal: request.signal,
    };
    if (method !== 'GET' && method !== 'HEAD' && body !== null) {
      init.body = body;
      init.duplex = 'half';
    }
    return new Request(this.#origin + headers.path, init);
  }
}
