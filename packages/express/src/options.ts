import { configError, type FilterChainOptions } from '@streamfilter/core';

/** `filterChain`'s options: the chain's own, and what Express does with a filter's error. */
export interface ExpressChainOptions extends FilterChainOptions {
  /**
   * Where the error of a filter that throws or rejects goes: `'reply'` (default) answers the
   * chain's fixed 500, details in the log; `'next'` hands it to your Express
   * error handlers with `next(err)` (Sentry, your own JSON), logged as well. Errors after the
   * request reached your handlers (a response filter's) keep the fixed 500 or a reset.
   */
  filterErrors?: 'reply' | 'next';
}

/** Splits the Express adapter's own option from the chain's, validating it. */
export function expressOptions(options: ExpressChainOptions | undefined): {
  chainOptions: FilterChainOptions | undefined;
  errorsToNext: boolean;
} {
  if (options === null || typeof options !== 'object' || !('filterErrors' in options)) {
    return { chainOptions: options, errorsToNext: false };
  }
  const { filterErrors, ...chainOptions } = options;
  if (filterErrors !== undefined && filterErrors !== 'reply' && filterErrors !== 'next') {
    throw configError('filterChain', 'filterErrors', "must be 'reply' or 'next'", filterErrors);
  }
  return { chainOptions, errorsToNext: filterErrors === 'next' };
}
