import type { IncomingMessage, ServerResponse } from 'node:http';
import { type FilterChain, FilterManager } from '@streamfilter/core';
import type { Host } from './host';
import { NodeStream } from './node-stream';

/**
 * Runs `chain` on one request: its request headers and body, and, when a filter has an encode
 * hook, the response `res` carries. What passes every decode hook goes on through `host`.
 * Framework adapters call this once per request.
 *
 * @example
 * const chain = new FilterChain([auth]);
 * app.use((req, res, next) => runFilters(chain, req, res, { proceed: () => next() }));
 */
export function runFilters(
  chain: FilterChain,
  req: IncomingMessage,
  res: ServerResponse,
  host: Host,
): void {
  const stream = new NodeStream(req, res, host);
  stream.start(new FilterManager(chain, stream, stream));
}
