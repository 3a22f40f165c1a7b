import {
  type FilterChain,
  FilterManager,
  type HeaderMap,
  type HeaderRecord,
  RequestHeaderMap,
  ResponseHeaderMap,
  StreamFilterError,
  type StreamSink,
} from '@streamfilter/core';
import { expect } from 'chai';

/** Resolves after the current macrotask, once every queued microtask ran. */
export function flush(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

/** Everything a manager handed its sink, in order. */
export interface SinkRecord {
  events: string[];
  requestHeaders: RequestHeaderMap | undefined;
  responseHeaders: ResponseHeaderMap | undefined;
  requestTrailers: HeaderMap | undefined;
  resets: number;
  /** Each call to `setRequestFlow`: true = paused. */
  flow: boolean[];
}

const decoder = new TextDecoder();

/** Bytes as UTF-8 text. */
export function text(bytes: Uint8Array): string {
  return decoder.decode(bytes);
}

/** A sink that records what reached it, for tests that drive a FilterManager directly. */
export function recordingSink(): StreamSink & { record: SinkRecord } {
  const record: SinkRecord = {
    events: [],
    requestHeaders: undefined,
    responseHeaders: undefined,
    requestTrailers: undefined,
    resets: 0,
    flow: [],
  };
  return {
    record,
    forwardRequestHeaders(headers, end) {
      record.requestHeaders = headers;
      record.events.push(`request headers end=${end}`);
    },
    forwardRequestData(data, end) {
      record.events.push(`request data ${JSON.stringify(text(data))} end=${end}`);
    },
    forwardRequestTrailers(trailers) {
      record.requestTrailers = trailers;
      record.events.push('request trailers');
    },
    sendResponseHeaders(headers, end) {
      record.responseHeaders = headers;
      record.events.push(`response headers ${headers.status} end=${end}`);
    },
    sendResponseData(data, end) {
      record.events.push(`response data ${JSON.stringify(text(data))} end=${end}`);
    },
    sendResponseTrailers() {
      record.events.push('response trailers');
    },
    reset() {
      record.resets++;
    },
    setRequestFlow(paused) {
      record.flow.push(paused);
    },
  };
}

/** A manager for one stream of `chain`, with a recording sink. */
export function managerFor(chain: FilterChain): {
  manager: FilterManager;
  record: SinkRecord;
} {
  const sink = recordingSink();
  const manager = new FilterManager(chain, sink, { method: 'GET', path: '/' });
  return { manager, record: sink.record };
}

/** Request headers for driving a manager directly. */
export function requestHeaders(record: HeaderRecord = {}, path = '/'): RequestHeaderMap {
  return new RequestHeaderMap(record, { method: 'GET', path, scheme: 'http' });
}

/** Response headers for driving a manager directly. */
export function responseHeaders(status = 200, record: HeaderRecord = {}): ResponseHeaderMap {
  return new ResponseHeaderMap(status, record);
}

/** The StreamFilterError `fn` throws; fails the test when it throws nothing or something else. */
export function thrown(fn: () => unknown): StreamFilterError {
  try {
    fn();
  } catch (error) {
    expect(error).to.be.instanceOf(StreamFilterError);
    return error as StreamFilterError;
  }
  throw new Error('expected a StreamFilterError');
}
