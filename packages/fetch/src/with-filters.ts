import {
  type ChainableFilter,
  type ChainOverrides,
  FilterChain,
  type FilterChainOptions,
  FilterManager,
  StreamFilterError,
} from '@streamfilter/core';
import { FetchStream } from './fetch-stream';

/**
 * Runs one request through `chain` around `handler`: for host adapters built on this package
 * (such as `@streamfilter/hono`). The response is returned at once when the chain is done with
 * the request by then, else as a promise.
 */
export function filterRequest(
  chain: FilterChain,
  request: Request,
  handler: (request: Request) => Response | Promise<Response>,
): Response | Promise<Response> {
  const stream = new FetchStream(request);
  const passed = stream.begin(new FilterManager(chain, stream, stream));
  return passed !== undefined ? handler(passed) : stream.proceed(handler);
}

/** A fetch handler under a filter chain; `route()` derives per-route variants. */
export interface FilteredHandler<
  Rest extends unknown[] = [],
  Filter extends ChainableFilter = ChainableFilter,
> {
  (request: Request, ...rest: Rest): Response | Promise<Response>;
  /** The core chain this handler runs. */
  readonly chain: FilterChain<Filter>;
  /**
   * The same handler under the same chain with per-filter overrides merged through each
   * filter's `merge` (`false` drops a filter). Validated now, so a bad override fails at startup.
   * Typed by filter name where the chain's filter names are known.
   */
  route(overrides: ChainOverrides<Filter>): FilteredHandler<Rest, Filter>;
}

function handlerFor<Rest extends unknown[], Filter extends ChainableFilter>(
  chain: FilterChain<Filter>,
  handler: (request: Request, ...rest: Rest) => Response | Promise<Response>,
): FilteredHandler<Rest, Filter> {
  function streamfilter(request: Request, ...rest: Rest): Response | Promise<Response> {
    return filterRequest(chain, request, (forwarded) => handler(forwarded, ...rest));
  }
  return Object.assign(streamfilter, {
    chain,
    route: (overrides: ChainOverrides<Filter>) =>
      handlerFor(chain.withOverrides(overrides), handler),
  });
}

/**
 * Wraps a Web-standard fetch handler (`Request` in, `Response` out) in a filter chain: the
 * handler gets the request the decode hooks passed on, the client the response the encode hooks
 * passed on; a local reply is a `Response` of its own. Runs wherever `Request`, `Response` and
 * `ReadableStream` exist: Node, Deno, Bun, workers. Arguments after the request (a worker's
 * `env` and `ctx`, say) reach the handler unchanged.
 *
 * @example
 * const handler = withFilters([remoteBasicAuth({ url: 'http://127.0.0.1:10000/check' })],
 *   (request) => new Response(`hello ${request.headers.get('x-authenticated-user')}`));
 * export default { fetch: handler };
 */
export function withFilters<
  Rest extends unknown[] = [],
  Filter extends ChainableFilter = ChainableFilter,
>(
  filters: readonly Filter[],
  handler: (request: Request, ...rest: Rest) => Response | Promise<Response>,
  options?: FilterChainOptions,
): FilteredHandler<Rest, Filter> {
  const chain = new FilterChain(filters, options);
  if (typeof handler !== 'function') {
    throw new StreamFilterError(
      'ERR_INVALID_CHAIN',
      `withFilters: the handler must be a function (request) => Response, got ${typeof handler}`,
    );
  }
  return handlerFor(chain, handler);
}
