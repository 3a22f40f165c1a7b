// Per-request cost of the Fastify plugin and the Koa middleware with one no-op filter, next to
// the bare framework, with no sockets: requests are handed to each app's request listener in
// this process as IncomingMessage / ServerResponse pairs over a null socket, one after another,
// timed in CPU time (the method of node-http.mjs).
//   npm run build && node bench/frameworks.mjs [--json] [--rounds N] [--requests N]
import { once } from 'node:events';
import http from 'node:http';
import { Duplex } from 'node:stream';
import streamfilter from '@streamfilter/fastify';
import { filterChain } from '@streamfilter/koa';
import Fastify from 'fastify';
import Koa from 'koa';
import { noop } from './servers/sync-filters.mjs';

const args = process.argv.slice(2);
const option = (name, fallback) => {
  const at = args.indexOf(name);
  return at === -1 ? fallback : Number(args[at + 1]);
};
const ROUNDS = option('--rounds', 7);
const REQUESTS = option('--requests', 20_000);

class NullSocket extends Duplex {
  _read() {}
  _write(_chunk, _encoding, callback) {
    callback();
  }
  _writev(_chunks, callback) {
    callback();
  }
}

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

async function handle(handler) {
  const socket = new NullSocket();
  const req = new http.IncomingMessage(socket);
  req.method = 'GET';
  req.url = '/';
  req.httpVersion = '1.1';
  req.httpVersionMajor = 1;
  req.httpVersionMinor = 1;
  req.headers = { host: 'localhost', accept: '*/*' };
  req.rawHeaders = ['Host', 'localhost', 'Accept', '*/*'];
  req.complete = true;
  req.push(null);
  const res = new http.ServerResponse(req);
  res.assignSocket(socket);
  const finished = once(res, 'finish');
  handler(req, res);
  await finished;
  if (res.statusCode !== 200) throw new Error(`answered ${res.statusCode}, expected 200`);
}

/** Mean CPU time (user + system) of this process per request, in µs. */
async function measure(handler) {
  const start = process.cpuUsage();
  for (let i = 0; i < REQUESTS; i++) await handle(handler);
  const used = process.cpuUsage(start);
  return (used.user + used.system) / REQUESTS;
}

const median = (values) => [...values].sort((a, b) => a - b)[values.length >> 1];
const names = Object.keys(variants);
for (const name of names) await measure(variants[name]); // warm-up
const rounds = Object.fromEntries(names.map((name) => [name, []]));
for (let round = 0; round < ROUNDS; round++) {
  for (const name of round % 2 ? [...names].reverse() : names) {
    rounds[name].push(await measure(variants[name]));
  }
}

console.log(`frameworks: ${ROUNDS} rounds x ${REQUESTS} requests, node ${process.version}`);
for (const name of names) {
  console.log(`${name.padEnd(32)} ${median(rounds[name]).toFixed(2).padStart(7)} µs/request`);
}
// A ratio is the median of per-round ratios (baseline µs / candidate µs: above 1, ahead).
const results = comparisons.map(([scenario, baseline, candidate, goal]) => ({
  scenario,
  baseline,
  candidate,
  goal,
  baselineMicros: median(rounds[baseline]),
  candidateMicros: median(rounds[candidate]),
  ratio: median(rounds[baseline].map((b, i) => b / rounds[candidate][i])),
}));
for (const r of results) console.log(`${r.scenario}: ${r.ratio.toFixed(3)}x`);
if (args.includes('--json')) console.log(JSON.stringify({ results }));
