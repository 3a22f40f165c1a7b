import type { ChainableFilter, FilterCallbacks, StreamFilter } from '@streamfilter/core';
import fastify5 from 'fastify';
import fastify4 from 'fastify4';

/** Fastify 5 and Fastify 4: the plugin's suite runs against both. */
export const fastifyVersions: ReadonlyArray<{ name: string; fastify: typeof fastify5 }> = [
  { name: 'Fastify 5', fastify: fastify5 },
  { name: 'Fastify 4', fastify: fastify4 as unknown as typeof fastify5 },
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
