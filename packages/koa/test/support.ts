import type { ChainableFilter, FilterCallbacks, StreamFilter } from '@streamfilter/core';
import Koa3 from 'koa';
import Koa2 from 'koa2';

/** Koa 3 and Koa 2: the middleware's suite runs against both. */
export const koaVersions: ReadonlyArray<{ name: string; Koa: typeof Koa3 }> = [
  { name: 'Koa 3', Koa: Koa3 },
  { name: 'Koa 2', Koa: Koa2 as unknown as typeof Koa3 },
];

/** A filter from a name and a per-request factory: test shorthand. */
export function filter(
  name: string,
  create: (callbacks: FilterCallbacks) => StreamFilter,
): ChainableFilter {
  return { name, create };
}

/** Resolves after `ms` milliseconds: only to create async situations, never to assert on time. */
export function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
