import type { ChainableFilter, FilterChainOptions } from '@streamfilter/core';

/**
 * A server framework the conformance suite runs against. Adding a host is one file in
 * `hosts/` and one line in `hosts/index.ts`: the cases do not change.
 *
 * `start()` listens on 127.0.0.1, port 0, with `filters` mounted the framework's usual way
 * (before its routing and its body parsing), and serves the app described by {@link APP}.
 */
export interface Host {
  /** Shown in test titles: `Express 5`, `node:http`, `Fastify 5`, ... */
  readonly name: string;
  /** What this host cannot do: a case that needs a missing capability is reported pending. */
  readonly capabilities: Capabilities;
  start(setup: HostSetup): Promise<RunningHost>;
}

/**
 * Things the SDK does on some frameworks only. `false` means the framework cannot do it; the
 * cases that need it are reported as "not applicable" (mocha pending), never passed silently.
 */
export interface Capabilities {
  /** A path a filter rewrote in `decodeHeaders` is what the framework routes on. */
  reroute: boolean;
  /**
   * `headers.values(name)` gives each line of a request header the client sent several times.
   * A Fetch `Headers` joins them with ", " (only `set-cookie` lines stay apart).
   */
  distinctHeaderLines: boolean;
  /** `streamInfo.remoteAddress` is the client's address. A Fetch handler is not told it. */
  remoteAddress: boolean;
  /** Request trailers reach `decodeTrailers`. A Fetch `Request` carries none. */
  trailers: boolean;
}

/** The filters to mount, with the chain options passed beside them, unchanged. */
export interface HostSetup {
  filters: readonly ChainableFilter[];
  options?: FilterChainOptions;
}

/** A started host. */
export interface RunningHost {
  /** `http://127.0.0.1:<port>`, no trailing slash. */
  readonly url: string;
  readonly port: number;
  /** `METHOD /path` of each request a route handler ran for, in order (query left out). */
  readonly handled: string[];
  /** Stops listening and drops open connections. */
  close(): Promise<void>;
}

/**
 * The app every host serves behind the chain, written in that framework's own idiom (its
 * router, its body parsers, its reply helpers), so the cases see what a real app would:
 *
 * | route                   | answer                                                          |
 * | ----------------------- | --------------------------------------------------------------- |
 * | `GET /text`             | 200 `text/plain` `hello`, sent whole                            |
 * | `GET /json`             | 200 `{"greeting":"hello"}` through the framework's serializer   |
 * | `GET /stream`           | 200 `text/plain`, `one `, `two `, `three` as three writes, a    |
 * |                         | macrotask apart, no content-length (chunked)                    |
 * | `GET /routed/a`, `/b`   | 200 `text/plain` `a` / `b`                                      |
 * | `GET`/`POST /echo`      | 200 JSON {@link Echo} of the request as the handler saw it      |
 *
 * `POST /echo` parses `application/json` and `text/plain` bodies with the framework's own body
 * parsing (for node:http, the listener reads the stream and `JSON.parse`s it). Anything else: 404.
 */
export const APP = {
  text: 'hello',
  json: { greeting: 'hello' },
  stream: ['one ', 'two ', 'three'],
} as const;

/** What `/echo` answers: the request as the route handler saw it. */
export interface Echo {
  method: string;
  /** The path the handler saw (without the query). */
  path: string;
  /** Request headers, lower-case names, as the framework presents them. */
  headers: Record<string, string | string[] | undefined>;
  /** The parsed body: an object for JSON, a string for text, `null` when there was none. */
  body: unknown;
}
