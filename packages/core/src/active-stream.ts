import type { ActiveFilter } from './active-filter';
import { requestFlow } from './buffering';
import { Delivered, type Direction } from './direction';
import { type Frame, setFraming } from './frames';
import { frameResponse } from './framing';
import type { RequestHeaderMap, ResponseHeaderMap } from './header-map';
import { StreamReplies } from './local-replies';
import type { HookOutcome } from './observer';
import { LIFECYCLE, Phase, REQUEST_BODY } from './phases';
import { DestroyReason } from './status';
import type { HookExtra, StreamCore } from './stream-core';
import { Lifecycle } from './stream-state';

/**
 * One stream under a chain (Envoy's `ActiveStream`): frames in from the adapter, through the
 * directions' iteration loop, out to the sink; then `onLog` and `onDestroy`, once.
 * {@link FilterManager} is its public face.
 */
export class ActiveStream extends StreamReplies implements StreamCore {
  #warned = false;

  get settled(): boolean {
    if (this.over) return true;
    return (
      (this.phases & LIFECYCLE) === 0 &&
      this.abort === undefined &&
      !this.observed &&
      (this.decode.delivered === Delivered.End || this.state !== Lifecycle.Open)
    );
  }

  decodeFrame(frame: Frame): void {
    if (this.state !== Lifecycle.Open) return;
    if (frame.kind === 'headers') {
      if (this.requestHeaders !== undefined) return;
      this.requestHeaders = frame.headers as RequestHeaderMap;
      const failure = this.createFailure;
      if (failure !== undefined) {
        this.fail(failure.filter, 'create', failure.error);
        return;
      }
    } else if (frame.kind === 'trailers') {
      this.decode.trailers = frame.trailers;
    }
    this.decode.push(frame);
  }

  encodeFrame(frame: Frame): void {
    if (this.state !== Lifecycle.Open) return;
    const encode = this.encoder();
    if (frame.kind === 'headers') this.responseHeaders = frame.headers as ResponseHeaderMap;
    else if (frame.kind === 'trailers') encode.trailers = frame.trailers;
    encode.push(frame);
  }

  /** A frame passed every filter: headers wait for the first body frame to fix their framing. */
  deliver(dir: Direction, frame: Frame): void {
    const reframes = (this.phases & (dir.encode ? Phase.EncodeData : Phase.DecodeData)) !== 0;
    if (frame.kind === 'headers') {
      if (reframes && !frame.end) dir.heldForFraming = frame;
      else this.send(dir, frame);
      return;
    }
    const held = dir.heldForFraming;
    if (held !== undefined) {
      dir.heldForFraming = undefined;
      if (dir.encode) dir.announced = frameResponse(held, frame, this.requestHeaders?.method);
      else setFraming(held.headers, frame.kind === 'data' && frame.end ? frame.buffer.length : -1);
      this.send(dir, held);
      if (!this.moving(dir.encode)) return;
    }
    if (dir.announced >= 0 && !this.#withinAnnounced(dir, frame)) return;
    this.send(dir, frame);
  }

  /**
   * The response went out with the application's Content-Length, and a data hook changed a
   * later chunk: the body cannot match it any more. Resets the stream rather than send a
   * response the client would misread.
   */
  #withinAnnounced(dir: Direction, frame: Frame): boolean {
    if (frame.kind === 'data') dir.passed += frame.buffer.length;
    const end = frame.kind === 'trailers' || frame.end;
    if (dir.passed <= dir.announced && (!end || dir.passed === dir.announced)) return true;
    this.chain.logger(
      'error',
      `an encodeData hook changed the body length after the response went out with content-length ${dir.announced}; resetting the stream (a filter that changes the body should remove content-length in encodeHeaders, or return StopAndBuffer)`,
    );
    this.resetStream();
    return false;
  }

  send(dir: Direction, frame: Frame): void {
    const sink = this.sink;
    const encode = dir.encode;
    if (frame.kind === 'headers') {
      dir.delivered = frame.end ? Delivered.End : Delivered.Headers;
      if (!encode) {
        sink.forwardRequestHeaders(frame.headers as RequestHeaderMap, frame.end);
        return;
      }
      const headers = frame.headers as ResponseHeaderMap;
      this.responseHeaders = headers;
      const info = this.streamInfo;
      info.responseCode = headers.status;
      info.responseCodeDetails ??= 'via_upstream';
      sink.sendResponseHeaders(headers, frame.end);
      return;
    }
    if (frame.kind === 'data') {
      if (frame.end) dir.delivered = Delivered.End;
      if (encode) sink.sendResponseData(frame.buffer.bytes(), frame.end);
      else sink.forwardRequestData(frame.buffer.bytes(), frame.end);
      return;
    }
    dir.delivered = Delivered.End;
    if (encode) sink.sendResponseTrailers(frame.trailers);
    else sink.forwardRequestTrailers(frame.trailers);
  }

  limit(encode: boolean): number {
    return encode ? this.chain.maxResponseBodyBytes : this.chain.maxRequestBodyBytes;
  }

  requestFlowChanged(): void {
    const setFlow = this.sink.setRequestFlow;
    if ((this.phases & REQUEST_BODY) === 0 || setFlow === undefined) return;
    const paused = requestFlow(this.decode, this.state === Lifecycle.Open);
    if (paused !== undefined) setFlow.call(this.sink, paused);
  }

  report(filter: ActiveFilter, outcome: HookOutcome, extra?: HookExtra): void {
    this.observation?.hook(filter, outcome, extra);
  }

  /** The stream is over: `onLog`, then `onDestroy`, once; `early` when it was cut short. */
  finish(early: boolean): void {
    if (this.over) return;
    const { decode, encode } = this;
    const working =
      decode.parked !== undefined ||
      decode.buffering !== undefined ||
      (encode !== undefined && (encode.parked !== undefined || encode.buffering !== undefined));
    const terminated = early || working || this.state === Lifecycle.TimedOut;
    this.state = terminated ? Lifecycle.Terminated : Lifecycle.Done;
    if (decode.flowPaused) {
      decode.flowPaused = false;
      this.sink.setRequestFlow?.(false);
    }
    decode.reset();
    encode?.reset();
    if (terminated) this.abort?.abort();
    const requestHeaders = this.requestHeaders;
    if ((this.phases & Phase.Log) !== 0 && requestHeaders !== undefined) {
      const responseHeaders = this.responseHeaders;
      for (const filter of this.filters) {
        if (filter.instance.onLog === undefined) continue;
        try {
          filter.instance.onLog(requestHeaders, decode.trailers, responseHeaders, encode?.trailers);
        } catch (error) {
          this.fail(filter, 'onLog', error);
        }
      }
    }
    if ((this.phases & Phase.Destroy) !== 0) {
      const reason = terminated ? DestroyReason.Terminate : DestroyReason.Normal;
      for (const filter of this.filters) {
        try {
          filter.instance.onDestroy?.(reason);
        } catch (error) {
          this.fail(filter, 'onDestroy', error);
        }
      }
    }
    this.observation?.end(this.streamInfo, terminated);
  }

  ignore(filter: ActiveFilter, what: string): void {
    if (this.#warned) return;
    this.#warned = true;
    this.chain.logger('warn', `${what}: ignored (later ones on this stream are ignored silently)`, {
      filter: filter.filterName,
    });
  }

  watchLate(promise: PromiseLike<unknown>, filter: ActiveFilter): void {
    promise.then(undefined, (error: unknown) => this.logLate(filter, error));
  }

  logLate(filter: ActiveFilter, error: unknown): void {
    const name = filter.filterName;
    this.chain.logger('error', `filter "${name}" rejected after its stream moved on`, {
      filter: name,
      error,
    });
  }
}
