import { type ActiveFilter, Iteration } from './active-filter';
import { Delivered, type Direction } from './direction';
import { dataFrame, type Frame, hookName } from './frames';
import { buildLocalReply, FILTER_ERROR_BODY, type LocalReply } from './local-reply';
import type { HookOutcome } from './observer';
import { ENCODE_ANY } from './phases';
import type { HookExtra } from './stream-core';
import { Lifecycle, StreamState } from './stream-state';
import type { LocalReplyHeaders } from './types';

/** A local reply to execute: prepared inside a hook, executed once the hook returned. */
interface PendingReply {
  filter: ActiveFilter;
  reply: LocalReply;
  details: string;
  /** Through the encode hooks of the filters that decoded the headers (a decoder's reply). */
  viaEncoders: boolean;
  /** A failure's 500: offered first to the host (`StreamSink.passError`), when it takes errors. */
  error?: { error: unknown } | undefined;
}

function timedOut(stream: StreamReplies, dir: Direction, filter: ActiveFilter): void {
  stream.timeout(dir, filter);
}

/**
 * Local replies, as Envoy prepares and then executes them: a reply asked for during a hook
 * (or a failure's 500, or a filter timeout's 504) runs once the hook has returned, never in the
 * middle of it. Also the filter timeout, armed only when a filter parks.
 */
export abstract class StreamReplies extends StreamState {
  /** The filter whose hook is on the stack, if any. */
  inHook: ActiveFilter | undefined = undefined;
  /** The last filter the request headers reached: a reply passes the encoders up to it. */
  decodedUpTo = -1;
  #pending: PendingReply | undefined = undefined;

  abstract send(dir: Direction, frame: Frame): void;
  abstract finish(early: boolean): void;
  abstract ignore(filter: ActiveFilter, what: string): void;
  abstract report(filter: ActiveFilter, outcome: HookOutcome, extra?: HookExtra): void;

  localReplyFrom(
    filter: ActiveFilter,
    code: number,
    body: string | Uint8Array | undefined,
    headers: LocalReplyHeaders | undefined,
    grpcStatus: number | undefined,
    details: string | undefined,
  ): void {
    if (this.over) {
      this.ignore(filter, 'sendLocalReply() after the stream ended');
      return;
    }
    if (this.state !== Lifecycle.Open || this.#pending !== undefined) {
      this.ignore(filter, 'sendLocalReply() called twice');
      return;
    }
    let reply: LocalReply;
    try {
      reply = buildLocalReply(code, body, headers, grpcStatus);
    } catch (error) {
      this.fail(filter, 'sendLocalReply', error);
      return;
    }
    // A decoder's reply passes the encode hooks of the filters that ran; an encoder's does not.
    const viaEncoders = filter.encodeState === Iteration.Idle;
    this.#request({ filter, reply, details: details || 'local_reply', viaEncoders });
  }

  #request(pending: PendingReply): void {
    if (this.inHook !== undefined) this.#pending = pending;
    else this.#execute(pending);
  }

  /** After a hook returned: executes the local reply it asked for; true when there was one. */
  runPendingReply(): boolean {
    const pending = this.#pending;
    if (pending === undefined) return false;
    this.#pending = undefined;
    this.#execute(pending);
    return true;
  }

  #execute({ filter, reply, details, viaEncoders, error }: PendingReply): void {
    if (this.over) return;
    if (error !== undefined && this.#passed(filter, error.error)) return;
    if (this.state === Lifecycle.Open) this.state = Lifecycle.Replied;
    const encode = this.encoder();
    const response =
      encode.delivered === Delivered.None
        ? (this.sink.responseState?.() ?? 'pending')
        : encode.delivered === Delivered.End
          ? 'finished'
          : 'started';
    if (response === 'finished') {
      this.ignore(filter, `sendLocalReply() after the response was sent (${details})`);
      return;
    }
    if (response === 'started') {
      this.chain.logger(
        'error',
        `cannot send a local reply (${details}): the response already started; resetting the stream`,
        { filter: filter.filterName },
      );
      this.resetStream();
      return;
    }
    const info = this.streamInfo;
    info.responseCodeDetails = details;
    info.localReplyFilter = filter.filterName;
    if (this.observed) this.report(filter, 'localReply', { code: reply.headers.status, details });
    this.decode.reset();
    encode.reset();
    this.sink.localReply?.(details);
    const end = reply.body.length === 0;
    const headers: Frame = { kind: 'headers', pos: 0, headers: reply.headers, end };
    if (viaEncoders && (this.phases & ENCODE_ANY) !== 0) {
      encode.start = Math.min(filter.index, this.decodedUpTo);
      encode.work = end ? [headers] : [headers, dataFrame(reply.body.bytes(), true)];
      encode.pump();
      return;
    }
    this.send(encode, headers);
    if (!end && !this.over) this.send(encode, dataFrame(reply.body.bytes(), true));
  }

  /** A hook threw, rejected or misbehaved: 500 with a generic body, or a reset once too late. */
  fail(filter: ActiveFilter, hook: string, error: unknown): void {
    this.chain.filterErrors++;
    const name = filter.filterName;
    this.chain.logger('error', `filter "${name}" failed in ${hook}`, { filter: name, error });
    if (this.observed) this.report(filter, 'error', { error });
    if (this.over) return;
    this.#pending = undefined;
    if (this.encode !== undefined && this.encode.delivered !== Delivered.None) {
      this.resetStream();
      return;
    }
    const reply = buildLocalReply(500, FILTER_ERROR_BODY, undefined, undefined);
    const offer = this.sink.passError === undefined ? undefined : { error };
    this.#request({ filter, reply, details: 'filter_error', viaEncoders: false, error: offer });
  }

  /**
   * Offers a filter's error to the host before its 500 goes out; true when the host took it.
   * The decode path stops there; the host's answer comes back as the response, through the
   * encode hooks of the filters that ran before `filter`.
   */
  #passed(filter: ActiveFilter, error: unknown): boolean {
    const encode = this.encoder();
    if (this.state !== Lifecycle.Open || encode.delivered !== Delivered.None) return false;
    if (encode.work.length > 0 || (this.sink.responseState?.() ?? 'pending') !== 'pending') {
      return false;
    }
    this.decode.reset();
    const start = encode.start;
    encode.start = Math.min(filter.index - 1, this.decodedUpTo);
    if (this.sink.passError?.(error) === true) return true;
    encode.start = start;
    return false;
  }

  resetStream(): void {
    this.decode.reset();
    this.encode?.reset();
    this.sink.reset();
    this.finish(true);
  }

  overLimit(encode: boolean, filter: ActiveFilter): void {
    const reply = encode
      ? buildLocalReply(500, 'Internal Server Error', undefined, undefined)
      : buildLocalReply(413, 'Payload Too Large', undefined, undefined);
    const details = encode ? 'response_payload_too_large' : 'request_payload_too_large';
    this.#request({ filter, reply, details, viaEncoders: !encode });
  }

  parked(dir: Direction, filter: ActiveFilter): void {
    if (this.observed) filter.parkStart = performance.now();
    const ms = this.chain.filterTimeoutMs;
    if (ms > 0) {
      const timer = setTimeout(timedOut, ms, this, dir, filter);
      (timer as { unref?(): void }).unref?.();
      dir.timer = timer;
    }
  }

  unparked(dir: Direction, filter: ActiveFilter): void {
    if (dir.timer !== undefined) {
      clearTimeout(dir.timer);
      dir.timer = undefined;
    }
    if (this.observed) filter.parkedMs += performance.now() - filter.parkStart;
  }

  /** The filter timeout passed while `filter` kept `dir` parked: 504, or a reset if too late. */
  timeout(dir: Direction, filter: ActiveFilter): void {
    dir.timer = undefined;
    if (this.over || dir.parked !== filter) return;
    const phase = hookName(dir.encode, dir.work[0]?.kind ?? 'headers');
    const ms = this.chain.filterTimeoutMs;
    const name = filter.filterName;
    this.chain.logger('error', `filter "${name}" timed out in ${phase} after ${ms} ms`, {
      filter: name,
    });
    this.state = Lifecycle.TimedOut;
    this.abort?.abort();
    const reply = buildLocalReply(504, 'filter timed out', undefined, undefined);
    this.#pending = undefined;
    this.#execute({ filter, reply, details: 'filter_timeout', viaEncoders: !dir.encode });
  }
}
