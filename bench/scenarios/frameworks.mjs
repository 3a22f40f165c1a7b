// 10. The Fastify plugin and the Koa middleware with one no-op filter vs the bare framework,
// in process (bench/frameworks.mjs), in µs per request.
import { inProcessScenario } from '../lib/in-process-scenario.mjs';

export default inProcessScenario({
  name: 'frameworks',
  title:
    'Fastify and Koa: the adapter with one no-op filter vs the bare framework, in process (no sockets)',
  script: 'frameworks.mjs',
  packages: ['@streamfilter/fastify', '@streamfilter/koa'],
});
