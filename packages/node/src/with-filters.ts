import type { IncomingMessage, ServerResponse } from 'node:http';
import { type ChainableFilter, FilterChain, type FilterChainOptions } from '@streamfilter/core';
import type { Host } from './host';
import { runFilters } from './run-filters';

/** A node:http request listener, as `http.createServer` takes it. */
export type RequestListener<
  Req extends IncomingMessage = IncomingMessage,
  Res extends ServerResponse = ServerResponse,
> = (req: Req, res: Res) => void;

/** A request listener that runs a filter chain before (and around) the one it wraps. */
export interface FilteredListener<
  Req extends IncomingMessage = IncomingMessage,
  Res extends ServerResponse = ServerResponse,
> extends RequestListener<Req, Res> {
  /** The core chain this listener runs. */
  readonly chain: FilterChain;
}

/**
 * Wraps a node:http request listener in a filter chain: `listener` gets the request the filters
 * let through, with their header edits, rewritten method and path (`req.url`) and filtered body;
 * its response passes the encode hooks. Validated now, so a bad chain fails at startup.
 *
 * @example
 * const server = http.createServer(
 *   withFilters([basicAuth({ users: { alice: 'wonderland' } })], (req, res) => {
 *     res.end(`hello ${req.headers['x-user']}`);
 *   }),
 * );
 */
export function withFilters<
  Req extends IncomingMessage = IncomingMessage,
  Res extends ServerResponse = ServerResponse,
>(
  filters: readonly ChainableFilter[],
  listener: RequestListener<Req, Res>,
  options?: FilterChainOptions,
): FilteredListener<Req, Res> {
  const chain = new FilterChain(filters, options);
  const host: Host = { proceed: listener as Host['proceed'] };
  function streamfilter(req: Req, res: Res): void {
    runFilters(chain, req, res, host);
  }
  return Object.assign(streamfilter, { chain });
}
