import { BufferInstance } from './buffer-instance';
import {
  type BufferingState,
  callHook,
  Direction,
  dataFrame,
  type Frame,
  hookName,
  NO_HOOK,
  setFraming,
} from './direction';
import { describeValue, StreamFilterError } from './errors';
import { StreamFilterCallbacks } from './filter-callbacks';
import { type FilterChain, Phase } from './filter-chain';
import type { HeaderMap, RequestHeaderMap, ResponseHeaderMap } from './header-map';
import { buildLocalReply, FILTER_ERROR_BODY, type LocalReply } from './local-reply';
import { DestroyReason, isStatus, Status } from './status';
import { StreamInfo, type StreamInfoInit } from './stream-info';
import type { StreamSink } from './stream-sink';
import type { LocalReplyHeaders, StreamFilter } from './types';

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
 *
 * The hot path (every hook synchronous) allocates nothing but the filter instances and their
 * callbacks, and no promise; the directions, the {@link StreamInfo} and even the start time are
 * only made when something may use them.
 */
export class FilterManager {
  readonly chain: FilterChain;
  readonly #sink: StreamSink;
  readonly #init: StreamInfoInit;
  /** `Date.now()` at the start, or 0 while not read yet (see {@link #stamp}). */
  #startTime = 0;
  #info: StreamInfo | undefined;
  readonly #filters: StreamFilter[];
  readonly #phases: number;
  #decode: Direction | undefined;
  #encode: Direction | undefined;
  #createFailure: { index: number; error: unknown } | undefined;
  #requestHeaders: RequestHeaderMap | undefined;
  #responseHeaders: ResponseHeaderMap | undefined;
  #abort: AbortController | undefined;
  #over = false;
  /** The request's last frame went to the application. */
  #requestDone = false;
  /** True while {@link #decodeHeadersInline} runs hooks with no request direction built. */
  #inlining = false;
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
    this.#init = info;
    const filters = chain.filters;
    const n = filters.length;
    const instances: StreamFilter[] = new Array(n);
    for (let i = 0; i < n; i++) {
      const filter = filters[i]!;
      try {
        instances[i] = filter.create(new StreamFilterCallbacks(this, i));
      } catch (error) {
        this.#createFailure ??= { index: i, error };
        instances[i] = {};
      }
    }
    this.#filters = instances;
    const phases = chain.phases ?? (this.#createFailure ? 0xff : chain.learnPhases(instances));
    this.#phases = phases;
    if ((phases & ~Phase.DecodeHeaders) !== 0) this.#stamp();
  }

  /**
   * Reads the start time. The clock costs as much as a whole synchronous pass through a short
   * chain, so a chain of only `decodeHeaders` hooks reads it when a hook first asks for
   * `streamInfo` or `signal`, or parks the stream: whatever outlives the first pass has read it.
   */
  #stamp(): void {
    if (this.#startTime === 0) this.#startTime = Date.now();
  }

  /** Facts about the stream, and the per-request `metadata` map shared between filters. */
  get streamInfo(): StreamInfo {
    if (this.#info === undefined) {
      this.#stamp();
      this.#info = new StreamInfo(this.#init, this.#startTime);
    }
    return this.#info;
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
      (this.#requestDone || this.#decode?.stopped === true)
    );
  }

  /** True while response frames wait in the chain: the adapter should apply back-pressure. */
  get responseBlocked(): boolean {
    const encode = this.#encode;
    return encode !== undefined && (encode.parkedAt >= 0 || encode.work.length > 0);
  }

  /** Aborts when the stream is destroyed early; created on first use. */
  get signal(): AbortSignal {
    if (this.#abort === undefined) {
      this.#stamp();
      this.#abort = new AbortController();
      if (this.#terminated) this.#abort.abort();
    }
    return this.#abort.signal;
  }

  decodeHeaders(headers: RequestHeaderMap, endStream: boolean): void {
    if (this.#over || this.#decode?.stopped || this.#requestHeaders !== undefined) return;
    this.#requestHeaders = headers;
    if (this.#createFailure !== undefined) {
      const { index, error } = this.#createFailure;
      this.#fail(index, 'create', error);
      return;
    }
    if (this.#decode === undefined) this.#decodeHeadersInline(headers, endStream);
    else this.#push(this.#decode, { kind: 'headers', pos: 0, headers, end: endStream });
  }

  decodeData(data: Uint8Array, endStream: boolean): void {
    if (this.#over) return;
    const decode = this.#decoder();
    if (!decode.stopped) this.#push(decode, dataFrame(data, endStream));
  }

  decodeTrailers(trailers: HeaderMap): void {
    if (this.#over) return;
    const decode = this.#decoder();
    if (decode.stopped) return;
    decode.trailers = trailers;
    this.#push(decode, { kind: 'trailers', pos: 0, trailers });
  }

  encodeHeaders(headers: ResponseHeaderMap, endStream: boolean): void {
    if (this.#over || this.#localReplied) return;
    const encode = this.#encoder();
    if (encode.stopped) return;
    this.#responseHeaders = headers;
    this.#push(encode, { kind: 'headers', pos: 0, headers, end: endStream });
  }

  encodeData(data: Uint8Array, endStream: boolean): void {
    if (this.#over || this.#localReplied) return;
    const encode = this.#encoder();
    if (!encode.stopped) this.#push(encode, dataFrame(data, endStream));
  }

  encodeTrailers(trailers: HeaderMap): void {
    if (this.#over || this.#localReplied) return;
    const encode = this.#encoder();
    if (encode.stopped) return;
    encode.trailers = trailers;
    this.#push(encode, { kind: 'trailers', pos: 0, trailers });
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
    if (this.#over) {
      this.#ignore(index, 'continue() after the stream ended');
      return;
    }
    const dir =
      this.#decode?.parkedAt === index
        ? this.#decode
        : this.#encode?.parkedAt === index
          ? this.#encode
          : undefined;
    if (dir === undefined) {
      if (this.#hookIndex === index) this.#inlineStatus = status;
      else this.#ignore(index, 'continue() while the filter was not Running');
      return;
    }
    if (status === Status.Running) this.#ignore(index, 'continue(Status.Running)');
    else this.#resume(dir, index, status);
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
    if (this.#over) {
      this.#ignore(index, 'sendLocalReply() after the stream ended');
      return;
    }
    if (this.#localReplied) {
      this.#ignore(index, 'sendLocalReply() called twice');
      return;
    }
    let reply: LocalReply;
    try {
      reply = buildLocalReply(code, body, headers, grpcStatus);
    } catch (error) {
      this.#fail(index, 'sendLocalReply', error);
      return;
    }
    const fromEncoder =
      this.#encode?.parkedAt === index || (this.#hookIndex === index && this.#hookEncode);
    this.#reply(index, reply, details || 'local_reply', !fromEncoder);
  }

  #decoder(): Direction {
    if (this.#decode === undefined) {
      this.#decode = new Direction(false, this.#filters.length - 1);
      // Built re-entrantly while headers run inline: later frames wait behind the headers.
      if (this.#inlining) this.#decode.pumping = true;
    }
    return this.#decode;
  }

  #encoder(): Direction {
    this.#encode ??= new Direction(true, this.#filters.length - 1);
    return this.#encode;
  }

  #push(dir: Direction, frame: Frame): void {
    dir.work.push(frame);
    this.#pump(dir);
  }

  #pump(dir: Direction): void {
    if (dir.pumping) return;
    dir.pumping = true;
    try {
      while (dir.parkedAt < 0 && !dir.stopped && !this.#over && dir.work.length > 0) {
        const frame = dir.work[0]!;
        if (frame.pos > dir.start) {
          dir.work.shift();
          this.#deliver(dir, frame);
          continue;
        }
        const buffering = dir.buffering;
        if (buffering !== undefined && buffering.pos === frame.pos && frame.kind !== 'headers') {
          this.#accumulate(dir, frame, buffering);
          continue;
        }
        this.#step(dir, frame);
      }
    } finally {
      dir.pumping = false;
    }
    if (!dir.encode && (this.#phases & REQUEST_BODY) !== 0) this.#updateRequestFlow(dir);
  }

  /**
   * The request headers on an idle request path, the hot path: runs the decodeHeaders hooks
   * inline and allocates nothing while each returns Continue synchronously; anything else hands
   * the headers to the general machinery at that filter, exactly as {@link #step} would.
   */
  #decodeHeadersInline(headers: RequestHeaderMap, end: boolean): void {
    const filters = this.#filters;
    const n = filters.length;
    let result: unknown;
    let i = 0;
    this.#inlining = true;
    this.#hookEncode = false;
    // Stays undefined while the loop runs: the loop ends as soon as a hook sets it.
    this.#inlineStatus = undefined;
    for (; i < n; i++) {
      this.#decodedUpTo = i;
      const filter = filters[i]!;
      const hook = filter.decodeHeaders;
      if (hook === undefined) continue;
      this.#hookIndex = i;
      try {
        result = hook.call(filter, headers, end);
      } catch (error) {
        this.#hookIndex = -1;
        this.#inlining = false;
        if (this.#decode !== undefined) this.#decode.pumping = false;
        this.#fail(i, 'decodeHeaders', error);
        return;
      }
      if (
        (result !== undefined && result !== Status.Continue) ||
        this.#inlineStatus !== undefined ||
        this.#decode !== undefined ||
        this.#over
      ) {
        break;
      }
    }
    this.#hookIndex = -1;
    this.#inlining = false;
    if (this.#decode === undefined && i === n && (end || (this.#phases & Phase.DecodeData) === 0)) {
      if (end) this.#requestDone = true;
      this.#sink.forwardRequestHeaders(headers, end);
      return;
    }
    // From here on, exactly what the general path does with a headers frame at filter `i`.
    const dir = this.#decoder();
    dir.pumping = false;
    if (this.#over || dir.stopped) {
      if (i < n && isThenable(result)) this.#watchLate(result, i);
      return;
    }
    const frame: Frame = { kind: 'headers', pos: i, headers, end };
    dir.work.unshift(frame);
    if (i < n) this.#afterHook(dir, frame, i, result, dir.epoch);
    this.#pump(dir);
  }

  /** Runs the hook of the filter `frame` is at, and applies what it returned. */
  #step(dir: Direction, frame: Frame): void {
    const encode = dir.encode;
    const index = encode ? dir.start - frame.pos : frame.pos;
    const filter = this.#filters[index]!;
    if (!encode && frame.kind === 'headers') this.#decodedUpTo = index;
    const epoch = dir.epoch;
    this.#hookIndex = index;
    this.#hookEncode = encode;
    this.#inlineStatus = undefined;
    let result: unknown;
    try {
      result = callHook(filter, encode, frame);
    } catch (error) {
      this.#hookIndex = -1;
      this.#fail(index, hookName(encode, frame.kind), error);
      return;
    }
    this.#hookIndex = -1;
    if (
      (result === undefined || result === Status.Continue || result === NO_HOOK) &&
      this.#inlineStatus === undefined &&
      dir.epoch === epoch &&
      !this.#over
    ) {
      this.#advance(dir, frame);
      return;
    }
    this.#afterHook(dir, frame, index, result, epoch);
  }

  /** Applies what a hook returned, unless the stream moved on while it ran. */
  #afterHook(dir: Direction, frame: Frame, index: number, result: unknown, epoch: number): void {
    const inline = this.#inlineStatus;
    if (isThenable(result)) {
      if (dir.epoch === epoch && !this.#over && inline === undefined) {
        this.#park(dir, index, result);
        return;
      }
      this.#watchLate(result, index);
    }
    if (dir.epoch !== epoch || this.#over) return;
    if (inline !== undefined) {
      if (result === Status.Running || isThenable(result)) result = inline;
      else this.#ignore(index, 'continue() while the filter was not Running');
    }
    this.#apply(dir, frame, index, result);
  }

  #apply(dir: Direction, frame: Frame, index: number, result: unknown): void {
    switch (result === undefined ? Status.Continue : result) {
      case Status.Continue:
        this.#advance(dir, frame);
        return;
      case Status.Running:
        this.#park(dir, index, undefined);
        return;
      case Status.LocalReply:
        this.#fail(
          index,
          hookName(dir.encode, frame.kind),
          new StreamFilterError(
            'ERR_INVALID_STATUS',
            'returned Status.LocalReply without calling sendLocalReply() first',
          ),
        );
        return;
      case Status.StopAndBuffer:
      case Status.StopAndBufferWatermark: {
        if (frame.kind === 'trailers') break;
        if (frame.kind === 'headers' ? frame.end : frame.final) {
          this.#advance(dir, frame);
          return;
        }
        dir.work.shift();
        const buffering: BufferingState = {
          pos: frame.pos,
          mode: result as Status,
          body: frame.kind === 'headers' ? new BufferInstance() : frame.buffer,
          held: frame.kind === 'headers' ? frame : frame.held,
        };
        dir.buffering = buffering;
        if (buffering.body.length > this.#limit(dir) && result === Status.StopAndBuffer) {
          this.#overLimit(dir, index);
        }
        return;
      }
      case Status.StopNoBuffer:
        if (frame.kind !== 'data') break;
        frame.buffer.reset();
        if (frame.end || frame.held !== undefined) this.#advance(dir, frame);
        else dir.work.shift();
        return;
    }
    const hook = hookName(dir.encode, frame.kind);
    const why = isStatus(result)
      ? `returned Status.${result}, which ${hook} may not return`
      : `returned ${describeValue(result)}, which is not a Status (return Status.Continue, Status.Running, ...)`;
    this.#fail(index, hook, new StreamFilterError('ERR_INVALID_STATUS', why));
  }

  /** Moves `frame` past its filter; data carrying held headers lets them go first. */
  #advance(dir: Direction, frame: Frame): void {
    frame.pos++;
    if (frame.kind === 'data' && frame.held !== undefined) {
      const held = frame.held;
      frame.held = undefined;
      held.pos = frame.pos;
      dir.work.unshift(held);
    }
  }

  #park(dir: Direction, index: number, promise: PromiseLike<unknown> | undefined): void {
    this.#stamp();
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
        else this.#fail(index, hookName(dir.encode, dir.work[0]?.kind ?? 'headers'), error);
      },
    );
  }

  #resume(dir: Direction, index: number, status: unknown): void {
    dir.parkedAt = -1;
    dir.epoch++;
    const frame = dir.work[0];
    if (frame === undefined) return;
    this.#apply(dir, frame, index, status);
    this.#pump(dir);
  }

  /** A data or trailers frame reached the filter that is buffering the body. */
  #accumulate(dir: Direction, frame: Frame, buffering: BufferingState): void {
    const body = buffering.body;
    if (frame.kind === 'data') {
      if (frame.buffer !== body) body.append(frame.buffer.bytes());
      if (buffering.mode === Status.StopAndBuffer) {
        if (body.length > this.#limit(dir)) {
          this.#overLimit(dir, dir.filterIndex(frame.pos));
          return;
        }
        if (!frame.end) {
          dir.work.shift();
          return;
        }
      }
      // This frame now carries everything held so far into the buffering filter's data hook.
      frame.buffer = body;
      frame.final = frame.end;
      frame.held = buffering.held;
    } else {
      const { held } = buffering;
      dir.work.unshift({
        kind: 'data',
        pos: frame.pos,
        buffer: body,
        end: false,
        final: true,
        held,
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
      if (!dir.encode) {
        if (frame.end) this.#requestDone = true;
        sink.forwardRequestHeaders(frame.headers as RequestHeaderMap, frame.end);
        return;
      }
      const headers = frame.headers as ResponseHeaderMap;
      this.#responseHeaders = headers;
      const info = this.streamInfo;
      info.responseCode = headers.status;
      info.responseCodeDetails ??= 'via_upstream';
      sink.sendResponseHeaders(headers, frame.end);
      return;
    }
    if (frame.kind === 'data') {
      if (frame.end) dir.ended = true;
      if (dir.encode) {
        sink.sendResponseData(frame.buffer.bytes(), frame.end);
      } else {
        if (frame.end) this.#requestDone = true;
        sink.forwardRequestData(frame.buffer.bytes(), frame.end);
      }
      return;
    }
    dir.ended = true;
    if (dir.encode) {
      sink.sendResponseTrailers(frame.trailers);
    } else {
      this.#requestDone = true;
      sink.forwardRequestTrailers(frame.trailers);
    }
  }

  #limit(dir: Direction): number {
    return dir.encode ? this.chain.maxResponseBodyBytes : this.chain.maxRequestBodyBytes;
  }

  #overLimit(dir: Direction, index: number): void {
    if (dir.encode) {
      const reply = buildLocalReply(500, 'Internal Server Error', undefined, undefined);
      this.#reply(index, reply, 'response_payload_too_large', false);
    } else {
      const reply = buildLocalReply(413, 'Payload Too Large', undefined, undefined);
      this.#reply(index, reply, 'request_payload_too_large', true);
    }
  }

  /** Answers the request locally; through the encode hooks of the filters that ran, if asked. */
  #reply(index: number, reply: LocalReply, details: string, viaEncoders: boolean): void {
    this.#localReplied = true;
    const encode = this.#encoder();
    const response = encode.headersDelivered
      ? encode.ended
        ? 'finished'
        : 'started'
      : (this.#sink.responseState?.() ?? 'pending');
    if (response === 'finished') {
      this.#ignore(index, `sendLocalReply() after the response was sent (${details})`);
      return;
    }
    if (response === 'started') {
      this.chain.logger(
        'error',
        `cannot send a local reply (${details}): the response already started; resetting the stream`,
        { filter: this.chain.filters[index]?.name },
      );
      this.#resetStream();
      return;
    }
    const info = this.streamInfo;
    info.responseCodeDetails = details;
    info.localReplyFilter = this.chain.filters[index]?.name;
    this.#decoder().reset(true);
    const end = reply.body.length === 0;
    const headers: Frame = { kind: 'headers', pos: 0, headers: reply.headers, end };
    if (viaEncoders && (this.#phases & ENCODE_ANY) !== 0) {
      encode.reset(false);
      encode.start = Math.min(index, this.#decodedUpTo);
      encode.work.push(headers);
      if (!end) encode.work.push(dataFrame(reply.body.bytes(), true));
      this.#pump(encode);
      return;
    }
    encode.reset(true);
    this.#send(encode, headers);
    if (!end && !this.#over) this.#send(encode, dataFrame(reply.body.bytes(), true));
  }

  #fail(index: number, hook: string, error: unknown): void {
    this.chain.filterErrors++;
    const filter = this.chain.filters[index]?.name;
    this.chain.logger('error', `filter "${filter}" failed in ${hook}`, { filter, error });
    if (this.#over) return;
    if (this.#encode?.headersDelivered) {
      this.#resetStream();
      return;
    }
    const reply = buildLocalReply(500, FILTER_ERROR_BODY, undefined, undefined);
    this.#reply(index, reply, 'filter_error', false);
  }

  #resetStream(): void {
    this.#decode?.reset(true);
    this.#encode?.reset(true);
    this.#sink.reset();
    this.#finish(true);
  }

  #updateRequestFlow(dir: Direction): void {
    const setFlow = this.#sink.setRequestFlow;
    if (setFlow === undefined) return;
    const buffering = dir.buffering;
    let queued = buffering?.mode === Status.StopAndBufferWatermark ? buffering.body.length : 0;
    if (dir.parkedAt >= 0 || queued > 0) {
      for (const frame of dir.work) if (frame.kind === 'data') queued += frame.buffer.length;
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
      (decode !== undefined && (decode.parkedAt >= 0 || decode.buffering !== undefined)) ||
      (encode !== undefined && (encode.parkedAt >= 0 || encode.buffering !== undefined));
    this.#over = true;
    this.#terminated = early || working;
    if (decode?.flowPaused) {
      decode.flowPaused = false;
      this.#sink.setRequestFlow?.(false);
    }
    decode?.reset(true);
    encode?.reset(true);
    if (this.#terminated) this.#abort?.abort();
    const reason = this.#terminated ? DestroyReason.Terminate : DestroyReason.Normal;
    const filters = this.#filters;
    const requestHeaders = this.#requestHeaders;
    if ((this.#phases & Phase.Log) !== 0 && requestHeaders !== undefined) {
      for (let i = 0; i < filters.length; i++) {
        const filter = filters[i]!;
        if (filter.onLog === undefined) continue;
        try {
          filter.onLog(requestHeaders, decode?.trailers, this.#responseHeaders, encode?.trailers);
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

  #watchLate(promise: PromiseLike<unknown>, index: number): void {
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
