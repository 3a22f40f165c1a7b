import { ActiveStream } from './active-stream';
import type { FilterChain } from './filter-chain';
import { dataFrame, hookName } from './frames';
import type { HeaderMap, RequestHeaderMap, ResponseHeaderMap } from './header-map';
import type { FilterPhase } from './observer';
import { ENCODE_ANY, REQUEST_BODY } from './phases';
import type { StreamInfo, StreamInfoInit } from './stream-info';
import type { StreamSink } from './stream-sink';

let streamOf: (manager: FilterManager) => ActiveStream;

/**
 * Runs one stream through a {@link FilterChain}: decode hooks in order, encode hooks in reverse,
 * sync or async, with Envoy's statuses. Adapters feed it frames and receive what passed through
 * their {@link StreamSink}; every semantic lives in the core, once.
 *
 * @example
 * const manager = new FilterManager(chain, sink, { method: 'GET', path: '/' });
 * manager.decodeHeaders(headers, true); // frames that pass every filter reach `sink`
 */
export class FilterManager {
  readonly #stream: ActiveStream;

  constructor(chain: FilterChain, sink: StreamSink, info: StreamInfoInit) {
    this.#stream = new ActiveStream(chain, sink, info);
  }

  static {
    streamOf = (manager) => manager.#stream;
  }

  get chain(): FilterChain {
    return this.#stream.chain;
  }

  /** Facts about the stream, and the per-request `metadata` map shared between filters. */
  get streamInfo(): StreamInfo {
    return this.#stream.streamInfo;
  }

  /**
   * The stream's `StreamInfo` if a filter or observer asked for it, else `undefined`: for an
   * adapter that only reads what filters recorded (metadata), without paying for its creation.
   */
  get streamInfoIfCreated(): StreamInfo | undefined {
    return this.#stream.streamInfoIfCreated;
  }

  /** Whether some filter reads the request body, so the adapter must feed it. */
  get wantsRequestBody(): boolean {
    return (this.#stream.phases & REQUEST_BODY) !== 0;
  }

  /** Whether some filter has an encode hook, so the adapter must route the response here. */
  get wantsResponse(): boolean {
    return (this.#stream.phases & ENCODE_ANY) !== 0;
  }

  /** False while the stream still needs `complete()` or `destroy()` from the adapter. */
  get settled(): boolean {
    return this.#stream.settled;
  }

  /** True while response frames wait in the chain: the adapter should apply back-pressure. */
  get responseBlocked(): boolean {
    const encode = this.#stream.encode;
    return encode !== undefined && (encode.parked !== undefined || encode.work.length > 0);
  }

  /** Aborts when the stream is destroyed early; created on first use. */
  get signal(): AbortSignal {
    return this.#stream.signal;
  }

  decodeHeaders(headers: RequestHeaderMap, endStream: boolean): void {
    this.#stream.decodeFrame({ kind: 'headers', pos: 0, headers, end: endStream });
  }

  decodeData(data: Uint8Array, endStream: boolean): void {
    this.#stream.decodeFrame(dataFrame(data, endStream));
  }

  decodeTrailers(trailers: HeaderMap): void {
    this.#stream.decodeFrame({ kind: 'trailers', pos: 0, trailers });
  }

  encodeHeaders(headers: ResponseHeaderMap, endStream: boolean): void {
    this.#stream.encodeFrame({ kind: 'headers', pos: 0, headers, end: endStream });
  }

  encodeData(data: Uint8Array, endStream: boolean): void {
    this.#stream.encodeFrame(dataFrame(data, endStream));
  }

  encodeTrailers(trailers: HeaderMap): void {
    this.#stream.encodeFrame({ kind: 'trailers', pos: 0, trailers });
  }

  /**
   * The response was fully sent: runs `onLog`, then `onDestroy`. Adapters pass the response
   * headers when no encode hook saw them, so `onLog` and `streamInfo` still know the status.
   */
  complete(responseHeaders?: ResponseHeaderMap): void {
    const stream = this.#stream;
    if (stream.responseHeaders === undefined && responseHeaders !== undefined) {
      stream.responseHeaders = responseHeaders;
      const info = stream.streamInfo;
      info.responseCode ??= responseHeaders.status;
      info.responseCodeDetails ??= 'via_upstream';
    }
    stream.finish(false);
  }

  /** The stream ended early (client gone): aborts `signal`, runs `onLog`, `onDestroy(Terminate)`. */
  destroy(): void {
    this.#stream.finish(true);
  }
}

/** Which filter keeps `manager`'s stream parked, and in which hook; for the testing helper. */
export function parkedFilters(manager: FilterManager): { filter: string; phase: FilterPhase }[] {
  const stream = streamOf(manager);
  const parked = [];
  for (const dir of [stream.decode, stream.encode]) {
    const filter = dir?.parked;
    if (dir === undefined || filter === undefined) continue;
    parked.push({
      filter: filter.filterName,
      phase: hookName(dir.encode, dir.work[0]?.kind ?? 'headers'),
    });
  }
  return parked;
}
