import { BufferInstance } from './buffer-instance';
import type { BufferingState, DataFrame, Direction, Frame, WorkItem } from './direction';
import { Direction as StreamDirection } from './direction';
import { describeValue, StreamFilterError } from './errors';
import { StreamFilterCallbacks } from './filter-callbacks';
import { type FilterChain, Phase } from './filter-chain';
import type { HeaderMap, RequestHeaderMap, ResponseHeaderMap } from './header-map';
import { buildLocalReply, FILTER_ERROR_BODY, type LocalReply } from './local-reply';
import { DestroyReason, isStatus, Status } from './status';
import { StreamInfo, type StreamInfoInit } from './stream-info';
import type { StreamSink } from './stream-sink';
import type { LocalReplyHeaders, StreamFilter } from './types';

type HookName = keyof StreamFilter & `${'de' | 'en'}code${string}`;
type Hook = (this: StreamFilter, ...args: unknown[]) => unknown;

const DECODE_HOOKS = {
  headers: 'decodeHeaders',
  data: 'decodeData',
  trailers: 'decodeTrailers',
} as const;
const ENCODE_HOOKS = {
  headers: 'encodeHeaders',
  data: 'encodeData',
  trailers: 'encodeTrailers',
} as const;
const ENCODE_ANY = Phase.EncodeHeaders | Phase.EncodeData | Phase.EncodeTrailers;
const REQUEST_BODY = Phase.DecodeData | Phase.DecodeTrailers;
const LIFECYCLE = Phase.Log | Phase.Destroy | ENCODE_ANY | REQUEST_BODY;

function isThenable(value: unknown): value is PromiseLike<unknown> {
  return (
    value !== null &&
    typeof value === 'object' &&
    typeof (value as { then?: unknown }).then === 'function'
  );
}

/**
 * Runs one stream through a {@link FilterChain}: decode hooks in order, encode hooks in reverse,
 * sync or async, with Envoy's statuses. Adapters feed it frames and receive what passed through
 * their {@link StreamSink}; every semantic lives here, once.
 */
export class FilterManager {
  readonly chain: FilterChain;
  readonly streamInfo: StreamInfo;
  readonly #sink: StreamSink;
  readonly #filters: StreamFilter[];
  readonly #phases: number;
  readonly #decode = new StreamDirection(false);
  readonly #encode = new StreamDirection(true);
  #createFailure: { index: number; error: unknown } | undefined;
  #requestHeaders: RequestHeaderMap | undefined;
  #requestTrailers: HeaderMap | undefined;
  #responseHeaders: ResponseHeaderMap | undefined;
  #responseTrailers: HeaderMap | undefined;
  #abort: AbortController | undefined;
  #over = false;
  #terminated = false;
  #warned = false;
  #localReplied = false;
  #decodedUpTo = -1;
  #hookIndex = -1;
  #hookEncode = false;
  #inlineStatus: Status | undefined;

  constructor(chain: FilterChain, sink: StreamSink, info: StreamInfoInit) {
    this.chain = chain;
    this.#sink = sink;
    this.streamInfo = new StreamInfo(info);
    const filters = chain.filters;
    const n = filters.length;
    this.#filters = new Array(n);
    for (let i = 0; i < n; i++) {
      const filter = filters[i]!;
      try {
        this.#filters[i] = filter.create(new StreamFilterCallbacks(this, i, filter.name));
      } catch (error) {
        this.#createFailure ??= { index: i, error };
        this.#filters[i] = {};
      }
    }
    this.#phases = chain.phases ?? (this.#createFailure ? 0xff : chain.learnPhases(this.#filters));
    this.#encode.start = n - 1;
  }

  /** Whether some filter reads the request body, so the adapter must feed it. */
  get wantsRequestBody(): boolean {
    return (this.#phases & REQUEST_BODY) !== 0;
  }

  /** Whether some filter has an encode hook, so the adapter must route the response here. */
  get wantsResponse(): boolean {
    return (this.#phases & ENCODE_ANY) !== 0;
  }

  /** False while the stream still needs `complete()` or `destroy()` from the adapter. */
  get settled(): boolean {
    if (this.#over) return true;
    return (
      (this.#phases & LIFECYCLE) === 0 &&
      this.#abort === undefined &&
      (this.#decode.ended || this.#decode.stopped)
    );
  }

  /** True while response frames wait in the chain: the adapter should apply back-pressure. */
  get responseBlocked(): boolean {
    return this.#encode.parkedAt >= 0 || this.#encode.work.length > 0;
  }

  /** Aborts when the stream is destroyed early; created on first use. */
  get signal(): AbortSignal {
    if (this.#abort === undefined) {
      this.#abort = new AbortController();
      if (this.#terminated) this.#abort.abort();
    }
    return this.#abort.signal;
  }

  decodeHeaders(headers: RequestHeaderMap, endStream: boolean): void {
    if (this.#over || this.#decode.stopped || this.#requestHeaders !== undefined) return;
    this.#requestHeaders = headers;
    if (this.#createFailure !== undefined) {
      const { index, error } = this.#createFailure;
      this.#fail(index, 'create', error);
      return;
    }
    this.#push(this.#decode, { kind: 'headers', headers, end: endStream });
  }

  decodeData(data: Uint8Array, endStream: boolean): void {
    if (this.#over || this.#decode.stopped) return;
    this.#push(this.#decode, dataFrame(data, endStream));
  }

  decodeTrailers(trailers: HeaderMap): void {
    if (this.#over || this.#decode.stopped) return;
    this.#requestTrailers = trailers;
    this.#push(this.#decode, { kind: 'trailers', trailers });
  }

  encodeHeaders(headers: ResponseHeaderMap, endStream: boolean): void {
    if (this.#over || this.#encode.stopped || this.#localReplied) return;
    this.#responseHeaders = headers;
    this.#push(this.#encode, { kind: 'headers', headers, end: endStream });
  }

  encodeData(data: Uint8Array, endStream: boolean): void {
    if (this.#over || this.#encode.stopped || this.#localReplied) return;
    this.#push(this.#encode, dataFrame(data, endStream));
  }

  encodeTrailers(trailers: HeaderMap): void {
    if (this.#over || this.#encode.stopped || this.#localReplied) return;
    this.#responseTrailers = trailers;
    this.#push(this.#encode, { kind: 'trailers', trailers });
  }

  /**
   * The response was fully sent: runs `onLog`, then `onDestroy`. Adapters pass the response
   * headers when no encode hook saw them, so `onLog` and `streamInfo` still know the status.
   */
  complete(responseHeaders?: ResponseHeaderMap): void {
    if (this.#responseHeaders === undefined && responseHeaders !== undefined) {
      this.#responseHeaders = responseHeaders;
      this.streamInfo.responseCode ??= responseHeaders.status;
      this.streamInfo.responseCodeDetails ??= 'via_upstream';
    }
    this.#finish(false);
  }

  /** The stream ended early (client gone): aborts `signal`, runs `onLog`, `onDestroy(Terminate)`. */
  destroy(): void {
    this.#finish(true);
  }

  /** @internal Routed from a filter's `callbacks.continue()`. */
  continueFrom(index: number, status: Status = Status.Continue): void {
    if (this.#over) return this.#ignore(index, 'continue() after the stream ended');
    const dir =
      this.#decode.parkedAt === index
        ? this.#decode
        : this.#encode.parkedAt === index
          ? this.#encode
          : undefined;
    if (dir === undefined) {
      if (this.#hookIndex === index) {
        this.#inlineStatus = status;
        return;
      }
      return this.#ignore(index, 'continue() while the filter was not Running');
    }
    if (status === Status.Running) return this.#ignore(index, 'continue(Status.Running)');
    this.#resume(dir, index, status);
  }

  /** @internal Routed from a filter's `callbacks.sendLocalReply()`. */
  localReplyFrom(
    index: number,
    code: number,
    body: string | Uint8Array | undefined,
    headers: LocalReplyHeaders | undefined,
    grpcStatus: number | undefined,
    details: string | undefined,
  ): void {
    if (this.#over) return this.#ignore(index, 'sendLocalReply() after the stream ended');
    if (this.#localReplied) return this.#ignore(index, 'sendLocalReply() called twice');
    let reply: LocalReply;
    try {
      reply = buildLocalReply(code, body, headers, grpcStatus);
    } catch (error) {
      return this.#fail(index, 'sendLocalReply', error);
    }
    const fromEncoder =
      this.#encode.parkedAt === index || (this.#hookIndex === index && this.#hookEncode);
    this.#reply(index, reply, details || 'local_reply', !fromEncoder);
  }

  #push(dir: Direction, frame: Frame): void {
    dir.work.push({ frame, pos: 0 });
    this.#pump(dir);
  }

  #pump(dir: Direction): void {
    if (dir.pumping) return;
    dir.pumping = true;
    try {
      while (dir.parkedAt < 0 && !dir.stopped && !this.#over && dir.work.length > 0) {
        const item = dir.work[0]!;
        if (item.pos > (dir.encode ? dir.start : this.#filters.length - 1)) {
          dir.work.shift();
          this.#deliver(dir, item.frame);
          continue;
        }
        const buffering = dir.buffering;
        if (buffering?.pos === item.pos && item.frame.kind !== 'headers') {
          this.#accumulate(dir, item, buffering);
          continue;
        }
        this.#step(dir, item);
      }
    } finally {
      dir.pumping = false;
    }
    if (!dir.encode && (this.#phases & REQUEST_BODY) !== 0) this.#updateRequestFlow();
  }

  /** Runs the hook of the filter `item` is at, and applies what it returned. */
  #step(dir: Direction, item: WorkItem): void {
    const index = dir.filterIndex(item.pos);
    const filter = this.#filters[index]!;
    const frame = item.frame;
    const hookName: HookName = (dir.encode ? ENCODE_HOOKS : DECODE_HOOKS)[frame.kind];
    if (!dir.encode && frame.kind === 'headers') this.#decodedUpTo = index;
    const hook = filter[hookName] as Hook | undefined;
    if (hook === undefined) return this.#advance(dir, item);
    const epoch = dir.epoch;
    this.#hookIndex = index;
    this.#hookEncode = dir.encode;
    this.#inlineStatus = undefined;
    let result: unknown;
    try {
      result =
        frame.kind === 'trailers'
          ? hook.call(filter, frame.trailers)
          : hook.call(filter, frame.kind === 'headers' ? frame.headers : frame.buffer, frame.end);
    } catch (error) {
      this.#hookIndex = -1;
      return this.#fail(index, hookName, error);
    }
    this.#hookIndex = -1;
    const inline = this.#inlineStatus;
    if (isThenable(result)) {
      if (dir.epoch !== epoch || this.#over || inline !== undefined) {
        this.#watchLate(result, index, hookName);
      } else {
        return this.#park(dir, index, result);
      }
    }
    if (dir.epoch !== epoch || this.#over) return;
    if (inline !== undefined) {
      if (result === Status.Running || isThenable(result)) result = inline;
      else this.#ignore(index, 'continue() while the filter was not Running');
    }
    this.#apply(dir, item, index, result);
  }

  #apply(dir: Direction, item: WorkItem, index: number, result: unknown): void {
    const frame = item.frame;
    switch (result === undefined ? Status.Continue : result) {
      case Status.Continue:
        return this.#advance(dir, item);
      case Status.Running:
        return this.#park(dir, index, undefined);
      case Status.LocalReply:
        return this.#fail(
          index,
          hookOf(dir, frame),
          new StreamFilterError(
            'ERR_INVALID_STATUS',
            'returned Status.LocalReply without calling sendLocalReply() first',
          ),
        );
      case Status.StopAndBuffer:
      case Status.StopAndBufferWatermark: {
        if (frame.kind === 'trailers') break;
        if (frame.kind === 'headers' ? frame.end : frame.final) return this.#advance(dir, item);
        dir.work.shift();
        dir.buffering = {
          pos: item.pos,
          mode: result as Status,
          body: frame.kind === 'headers' ? new BufferInstance() : frame.buffer,
          held: frame.kind === 'headers' ? frame : frame.held,
        };
        if (dir.buffering.body.length > this.#limit(dir) && result === Status.StopAndBuffer) {
          this.#overLimit(dir, index);
        }
        return;
      }
      case Status.StopNoBuffer:
        if (frame.kind !== 'data') break;
        frame.buffer.reset();
        if (frame.end || frame.held !== undefined) return this.#advance(dir, item);
        dir.work.shift();
        return;
    }
    const why = isStatus(result)
      ? `returned Status.${result}, which ${hookOf(dir, frame)} may not return`
      : `returned ${describeValue(result)}, which is not a Status (return Status.Continue, Status.Running, ...)`;
    this.#fail(index, hookOf(dir, frame), new StreamFilterError('ERR_INVALID_STATUS', why));
  }

  /** Moves `item` past its filter; data carrying held headers lets them go first. */
  #advance(dir: Direction, item: WorkItem): void {
    item.pos++;
    const frame = item.frame;
    if (frame.kind === 'data' && frame.held !== undefined) {
      const held = frame.held;
      frame.held = undefined;
      dir.work.unshift({ frame: held, pos: item.pos });
    }
  }

  #park(dir: Direction, index: number, promise: PromiseLike<unknown> | undefined): void {
    dir.parkedAt = index;
    const epoch = ++dir.epoch;
    if (promise === undefined) return;
    promise.then(
      (status) => {
        if (dir.epoch !== epoch || this.#over || status === Status.Running) return;
        this.#resume(dir, index, status);
      },
      (error: unknown) => {
        if (dir.epoch !== epoch || this.#over) this.#logLate(index, error);
        else this.#fail(index, hookOf(dir, dir.work[0]?.frame), error);
      },
    );
  }

  #resume(dir: Direction, index: number, status: unknown): void {
    dir.parkedAt = -1;
    dir.epoch++;
    const item = dir.work[0];
    if (item === undefined) return;
    this.#apply(dir, item, index, status);
    this.#pump(dir);
  }

  /** A data or trailers frame reached the filter that is buffering the body. */
  #accumulate(dir: Direction, item: WorkItem, buffering: BufferingState): void {
    const frame = item.frame;
    const body = buffering.body;
    if (frame.kind === 'data') {
      if (frame.buffer !== body) body.append(frame.buffer.bytes());
      if (buffering.mode === Status.StopAndBuffer) {
        if (body.length > this.#limit(dir)) return this.#overLimit(dir, dir.filterIndex(item.pos));
        if (!frame.end) {
          dir.work.shift();
          return;
        }
      }
      item.frame = {
        kind: 'data',
        buffer: body,
        end: frame.end,
        final: frame.end,
        held: buffering.held,
      };
    } else {
      dir.work.unshift({
        frame: { kind: 'data', buffer: body, end: false, final: true, held: buffering.held },
        pos: item.pos,
      });
    }
    dir.buffering = undefined;
  }

  #deliver(dir: Direction, frame: Frame): void {
    const reframes = (this.#phases & (dir.encode ? Phase.EncodeData : Phase.DecodeData)) !== 0;
    if (frame.kind === 'headers') {
      if (reframes && !frame.end) dir.heldForFraming = frame;
      else this.#send(dir, frame);
      return;
    }
    const held = dir.heldForFraming;
    if (held !== undefined) {
      dir.heldForFraming = undefined;
      setFraming(held.headers, frame.kind === 'data' && frame.end ? frame.buffer.length : -1);
      this.#send(dir, held);
      if (dir.stopped || this.#over) return;
    }
    this.#send(dir, frame);
  }

  #send(dir: Direction, frame: Frame): void {
    const sink = this.#sink;
    if (frame.kind === 'headers') {
      dir.headersDelivered = true;
      if (frame.end) dir.ended = true;
      if (!dir.encode)
        return sink.forwardRequestHeaders(frame.headers as RequestHeaderMap, frame.end);
      const headers = frame.headers as ResponseHeaderMap;
      this.#responseHeaders = headers;
      this.streamInfo.responseCode = headers.status;
      this.streamInfo.responseCodeDetails ??= 'via_upstream';
      return sink.sendResponseHeaders(headers, frame.end);
    }
    if (frame.kind === 'data') {
      if (frame.end) dir.ended = true;
      if (dir.encode) sink.sendResponseData(frame.buffer.bytes(), frame.end);
      else sink.forwardRequestData(frame.buffer.bytes(), frame.end);
      return;
    }
    dir.ended = true;
    if (dir.encode) sink.sendResponseTrailers(frame.trailers);
    else sink.forwardRequestTrailers(frame.trailers);
  }

  #limit(dir: Direction): number {
    return dir.encode ? this.chain.maxResponseBodyBytes : this.chain.maxRequestBodyBytes;
  }

  #overLimit(dir: Direction, index: number): void {
    if (!dir.encode) {
      const reply = buildLocalReply(413, 'Payload Too Large', undefined, undefined);
      return this.#reply(index, reply, 'request_payload_too_large', true);
    }
    const reply = buildLocalReply(500, 'Internal Server Error', undefined, undefined);
    this.#reply(index, reply, 'response_payload_too_large', false);
  }

  /** Answers the request locally; through the encode hooks of the filters that ran, if asked. */
  #reply(index: number, reply: LocalReply, details: string, viaEncoders: boolean): void {
    this.#localReplied = true;
    const info = this.streamInfo;
    const response = this.#encode.headersDelivered
      ? this.#encode.ended
        ? 'finished'
        : 'started'
      : (this.#sink.responseState?.() ?? 'pending');
    if (response === 'finished') {
      return this.#ignore(index, `sendLocalReply() after the response was sent (${details})`);
    }
    if (response === 'started') {
      this.chain.logger(
        'error',
        `cannot send a local reply (${details}): the response already started; resetting the stream`,
        { filter: this.chain.filters[index]?.name },
      );
      return this.#resetStream();
    }
    info.responseCodeDetails = details;
    info.localReplyFilter = this.chain.filters[index]?.name;
    this.#decode.reset(true);
    const encode = this.#encode;
    const end = reply.body.length === 0;
    if (viaEncoders && (this.#phases & ENCODE_ANY) !== 0) {
      encode.reset(false);
      encode.start = Math.min(index, this.#decodedUpTo);
      encode.work.push({ frame: { kind: 'headers', headers: reply.headers, end }, pos: 0 });
      if (!end) encode.work.push({ frame: dataFrame(reply.body.bytes(), true), pos: 0 });
      return this.#pump(encode);
    }
    encode.reset(true);
    this.#send(encode, { kind: 'headers', headers: reply.headers, end });
    if (!end && !this.#over) this.#send(encode, dataFrame(reply.body.bytes(), true));
  }

  #fail(index: number, hook: string, error: unknown): void {
    this.chain.filterErrors++;
    const filter = this.chain.filters[index]?.name;
    this.chain.logger('error', `filter "${filter}" failed in ${hook}`, { filter, error });
    if (this.#over) return;
    if (this.#encode.headersDelivered) return this.#resetStream();
    const reply = buildLocalReply(500, FILTER_ERROR_BODY, undefined, undefined);
    this.#reply(index, reply, 'filter_error', false);
  }

  #resetStream(): void {
    this.#decode.reset(true);
    this.#encode.reset(true);
    this.#sink.reset();
    this.#finish(true);
  }

  #updateRequestFlow(): void {
    const dir = this.#decode;
    const setFlow = this.#sink.setRequestFlow;
    if (setFlow === undefined) return;
    let queued =
      dir.buffering?.mode === Status.StopAndBufferWatermark ? dir.buffering.body.length : 0;
    if (dir.parkedAt >= 0 || queued > 0) {
      for (const { frame } of dir.work) if (frame.kind === 'data') queued += frame.buffer.length;
    }
    const paused = !dir.stopped && !this.#over && queued > this.chain.maxRequestBodyBytes;
    if (paused !== dir.flowPaused) {
      dir.flowPaused = paused;
      setFlow.call(this.#sink, paused);
    }
  }

  #finish(early: boolean): void {
    if (this.#over) return;
    const decode = this.#decode;
    const encode = this.#encode;
    const working =
      decode.parkedAt >= 0 ||
      encode.parkedAt >= 0 ||
      decode.buffering !== undefined ||
      encode.buffering !== undefined;
    this.#over = true;
    this.#terminated = early || working;
    if (decode.flowPaused) {
      decode.flowPaused = false;
      this.#sink.setRequestFlow?.(false);
    }
    decode.reset(true);
    encode.reset(true);
    if (this.#terminated) this.#abort?.abort();
    const reason = this.#terminated ? DestroyReason.Terminate : DestroyReason.Normal;
    const filters = this.#filters;
    if ((this.#phases & Phase.Log) !== 0 && this.#requestHeaders !== undefined) {
      for (let i = 0; i < filters.length; i++) {
        const filter = filters[i]!;
        if (filter.onLog === undefined) continue;
        try {
          filter.onLog(
            this.#requestHeaders,
            this.#requestTrailers,
            this.#responseHeaders,
            this.#responseTrailers,
          );
        } catch (error) {
          this.#fail(i, 'onLog', error);
        }
      }
    }
    if ((this.#phases & Phase.Destroy) !== 0) {
      for (let i = 0; i < filters.length; i++) {
        try {
          filters[i]!.onDestroy?.(reason);
        } catch (error) {
          this.#fail(i, 'onDestroy', error);
        }
      }
    }
  }

  #ignore(index: number, what: string): void {
    if (this.#warned) return;
    this.#warned = true;
    const filter = this.chain.filters[index]?.name;
    this.chain.logger('warn', `${what}: ignored (later ones on this stream are ignored silently)`, {
      filter,
    });
  }

  #watchLate(promise: PromiseLike<unknown>, index: number, _hook: string): void {
    promise.then(undefined, (error: unknown) => this.#logLate(index, error));
  }

  #logLate(index: number, error: unknown): void {
    const filter = this.chain.filters[index]?.name;
    this.chain.logger('error', `filter "${filter}" rejected after its stream moved on`, {
      filter,
      error,
    });
  }
}

function dataFrame(data: Uint8Array, end: boolean): DataFrame {
  return { kind: 'data', buffer: new BufferInstance(data), end, final: end, held: undefined };
}

function hookOf(dir: Direction, frame: Frame | undefined): string {
  return (dir.encode ? ENCODE_HOOKS : DECODE_HOOKS)[frame?.kind ?? 'headers'];
}

/** Headers leave before the body they announce: state its length when known, else chunked. */
function setFraming(headers: HeaderMap, length: number): void {
  if (length >= 0) {
    headers.set('content-length', String(length));
    headers.del('transfer-encoding');
  } else if (headers.has('content-length')) {
    headers.del('content-length');
    headers.set('transfer-encoding', 'chunked');
  }
}
