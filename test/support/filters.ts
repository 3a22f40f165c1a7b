import type { ChainableFilter, FilterCallbacks, StreamFilter } from '@streamfilter/core';

/** A filter from a name and a per-request factory (by default one that implements no hook). */
export function filter(
  name: string,
  create: (callbacks: FilterCallbacks) => StreamFilter = () => ({}),
): ChainableFilter {
  return { name, create };
}

/** Resolves after `ms` milliseconds: only to create async situations, never to assert on time. */
export function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Waits, in bounded steps (at most 400 of 5 ms), until `check()` holds. */
export async function until(check: () => boolean): Promise<void> {
  for (let i = 0; i < 400 && !check(); i++) await delay(5);
}
