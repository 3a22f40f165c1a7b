// Filters for the Express scenario: each has only a sync decodeHeaders, and does nothing.
import { Status } from '@streamfilter/core';

export function noop(name = 'noop') {
  return {
    name,
    create: () => ({
      decodeHeaders() {
        return Status.Continue;
      },
    }),
  };
}
