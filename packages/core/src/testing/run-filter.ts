import type { ChainableFilter } from '../define-filter';
import type { FilterChainOptions } from '../filter-chain';
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
  const { response, ...chainOptions } = options;
  const stream = new FakeStream(filters, chainOptions);
  stream.sendRequest(request);
  await Promise.race([stream.forwarded, stream.responded]);
  if (stream.request.ended && stream.response === undefined && !stream.wasReset) {
    stream.sendResponse(response ?? { status: 200 });
  }
  await stream.responded;
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
