/** What the adapter knows about a request when it starts. */
export interface StreamInfoInit {
  method: string;
  path: string;
  /** The route pattern, when the framework knows it (e.g. `/users/:id`). */
  route?: string | undefined;
  remoteAddress?: string | undefined;
  protocol?: string | undefined;
}

let peekMetadata: (info: StreamInfo, key: string) => unknown;

/** A metadata value, read without creating the map when no filter wrote any. */
export function metadataValue(info: StreamInfo, key: string): unknown {
  return peekMetadata(info, key);
}

/**
 * Facts about one stream, shared by every filter of it, as Envoy's `StreamInfo`.
 *
 * @example
 * callbacks.streamInfo.metadata.set('user', 'alice'); // read by a later filter
 */
export class StreamInfo {
  /** The method and path as received, before any filter changed them. */
  readonly method: string;
  readonly path: string;
  route: string | undefined;
  readonly remoteAddress: string | undefined;
  readonly protocol: string | undefined;
  /**
   * `Date.now()` when the stream started. A chain of only `decodeHeaders` hooks reads the clock
   * when a hook first asks for `streamInfo` or `signal`, or parks the stream: still during the
   * request's first pass through the chain.
   */
  readonly startTime: number;
  /** The status sent to the client, once known. */
  responseCode: number | undefined;
  /** Why the response is what it is: `via_upstream`, a local reply's details, ... */
  responseCodeDetails: string | undefined;
  /** The name of the filter that sent a local reply, if one did. */
  localReplyFilter: string | undefined;
  #metadata: Map<string, unknown> | undefined;

  /** @param startTime `Date.now()` when the stream started; default: now. */
  constructor(init: StreamInfoInit, startTime: number = Date.now()) {
    this.method = init.method;
    this.path = init.path;
    this.route = init.route;
    this.remoteAddress = init.remoteAddress;
    this.protocol = init.protocol;
    this.startTime = startTime;
    this.responseCode = undefined;
    this.responseCodeDetails = undefined;
    this.localReplyFilter = undefined;
  }

  static {
    peekMetadata = (info, key) => info.#metadata?.get(key);
  }

  /** Per-request key/value data shared between filters (Envoy's dynamic metadata). */
  get metadata(): Map<string, unknown> {
    this.#metadata ??= new Map();
    return this.#metadata;
  }
}
