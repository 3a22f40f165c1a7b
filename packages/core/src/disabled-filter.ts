import type { ChainableFilter } from './define-filter';
import { StreamFilterError } from './errors';
import { Status } from './status';

/**
 * What stays of a filter on a route where an override disabled it: the removal of the request
 * headers it owns. Without it a client could send the identity header the filter would have
 * set, and the app could not tell.
 */
export function disabledFilter(filter: ChainableFilter): ChainableFilter & { override(): never } {
  const owned = filter.ownedHeaders ?? [];
  return {
    name: filter.name,
    ownedHeaders: owned,
    create: () => ({
      decodeHeaders(headers) {
        for (const name of owned) headers.del(name);
        return Status.Continue;
      },
    }),
    override: () => {
      throw new StreamFilterError(
        'ERR_INVALID_CHAIN',
        `filter chain: "${filter.name}" is disabled (false) on this route; override the chain it came from instead`,
      );
    },
  };
}
