// Per-request cost of the Fastify plugin and the Koa middleware with one no-op filter, next to
// the bare framework, with no sockets: requests are handed to each app's request listener in
// this process as IncomingMessage / ServerResponse pairs over a null socket, one after another,
// timed in CPU time (the method of node-http.mjs).
//   npm run build && node bench/frameworks.mjs [--json] [--rounds N] [--requests N]
import streamfilter from '@streamfilter/fastify';
import { filterChain } from '@streamfilter/koa';
import Fastify from 'fastify';
import Koa from 'koa';
import { cpuTime, nodeRequest, runInProcess } from './lib/in-process.mjs';
import { noop } from './servers/sync-filters.mjs';

/** A Fastify app's request listener, the plugin registered with `filters` when given. */
async function fastifyApp(filters) {
  const app = Fastify();
  if (filters) await app.register(streamfilter, { filters });
  app.get('/', function hello(_request, reply) {
    reply.type('text/plain').send('hello world');
  });
  await app.ready();
  return app.server.listeners('request')[0];
}

/** A Koa app's request listener, the chain first when `filters` are given. */
function koaApp(filters) {
  const app = new Koa();
  if (filters) app.use(filterChain(filters));
  app.use(function hello(ctx) {
    ctx.body = 'hello world';
  });
  return app.callback();
}

const variants = {
  fastify: await fastifyApp(),
  'fastify + streamfilter([noop])': await fastifyApp([noop()]),
  koa: koaApp(),
  'koa + filterChain([noop])': koaApp([noop()]),
};
const comparisons = [
  ['Fastify plugin (in-process)', 'fastify', 'fastify + streamfilter([noop])', 0.95],
  ['Koa middleware (in-process)', 'koa', 'koa + filterChain([noop])', 0.95],
];

await runInProcess({
  title: 'frameworks',
  variants,
  comparisons,
  send: nodeRequest({ headers: { host: 'localhost', accept: '*/*' } }),
  clock: cpuTime,
});
