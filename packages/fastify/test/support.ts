import fastify5 from 'fastify';
import fastify4 from 'fastify4';

/** Fastify 5 and Fastify 4: the plugin's suite runs against both. */
export const fastifyVersions: ReadonlyArray<{ name: string; fastify: typeof fastify5 }> = [
  { name: 'Fastify 5', fastify: fastify5 },
  { name: 'Fastify 4', fastify: fastify4 as unknown as typeof fastify5 },
];
