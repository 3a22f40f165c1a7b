import type { ChainableFilter } from '../define-filter';
import type { FilterChainOptions } from '../filter-chain';
import { parkedFilters } from '../filter-manager';
import type { ResponseHeaderMap } from '../header-map';
import type { StreamInfo } from '../stream-info';
import {
  type FakeRequest,
  type FakeResponse,
  FakeStream,
  type LogLine,
  type ObservedRequest,
  type ObservedResponse,
} from './fake-stream';

/** A reply a filter sent instead of letting the request through. */
export interface ObservedLocalReply {
  code: number;
  body: string;
  headers: ResponseHeaderMap;
  details: string | undefined;
  /** The filter that sent it. */
  filter: string | undefined;
}

export interface RunResult {
  /** Set when a filter answered the request itself (including the 500 of a failing filter). */
  localReply: ObservedLocalReply | undefined;
  /** What reached the application (`ended` false when it never fully did). */
  request: ObservedRequest;
  /** What reached the client. */
  response: ObservedResponse | undefined;
  logs: LogLine[];
  streamInfo: StreamInfo;
  wasReset: boolean;
}

export interface RunOptions extends FilterChainOptions {
  /** What the application answers once the request reached it. Default: 200, no body. */
  response?: FakeResponse;
  /**
   * How long to wait for the request and then the response to get through, in milliseconds.
   * Past it, `runFilter` rejects naming the filter still parked (`Running`, or a pending
   * promise). Default 1000.
   */
  waitMs?: number;
}

/** Waits for `promise`; past `ms`, cuts the stream and rejects naming who keeps it parked. */
async function within(promise: Promise<unknown>, ms: number, stream: FakeStream): Promise<void> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const expired = new Promise<'expired'>((resolve) => {
    timer = setTimeout(resolve, ms, 'expired');
  });
  const outcome = await Promise.race([promise, expired]);
  clearTimeout(timer);
  if (outcome !== 'expired') return;
  const parked = parkedFilters(stream.manager);
  stream.disconnect();
  const who =
    parked.length === 0
      ? 'no filter is parked, yet the stream is not over'
      : parked
          .map((p) => `filter "${p.filter}" is still Running in ${p.phase}`)
          .join('; ')
          .concat(' (it never called callbacks.continue() or sendLocalReply())');
  throw new Error(`runFilter: the stream did not finish within ${ms} ms: ${who}`);
}

/**
 * Runs a filter (or a chain) over one fake request and, if the request gets through, a fake
 * response; resolves once the response is complete. No server involved.
 *
 * @example
 * const result = await runFilter(basicAuth({ users: { foo: 'bar' } }), {
 *   headers: { authorization: 'Basic Zm9vOmJhcg==' },
 * });
 * expect(result.localReply).to.equal(undefined);
 */
export async function runFilter(
  filters: ChainableFilter | readonly ChainableFilter[],
  request: FakeRequest = {},
  options: RunOptions = {},
): Promise<RunResult> {
  const { response, waitMs = 1000, ...chainOptions } = options;
  const stream = new FakeStream(filters, chainOptions);
  stream.sendRequest(request);
  await within(Promise.race([stream.forwarded, stream.responded]), waitMs, stream);
  if (stream.request.ended && stream.response === undefined && !stream.wasReset) {
    stream.sendResponse(response ?? { status: 200 });
  }
  await within(stream.responded, waitMs, stream);
  stream.complete();
  const info = stream.manager.streamInfo;
  const observed = stream.response;
  const local = observed !== undefined && info.responseCodeDetails !== 'via_upstream';
  return {
    localReply: local
      ? {
          code: observed.status,
          body: observed.body.toString('utf8'),
          headers: observed.headers,
          details: info.responseCodeDetails,
          filter: info.localReplyFilter,
        }
      : undefined,
    request: stream.request,
    response: observed,
    logs: stream.logs,
    streamInfo: info,
    wasReset: stream.wasReset,
  };
}
