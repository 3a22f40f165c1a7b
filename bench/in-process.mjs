// Per-request cost of each Express variant with no sockets and no load generator: requests are
// handed to the app in this process as IncomingMessage/ServerResponse pairs over a null socket,
// one after another, and timed. Far less noisy than req/s on a small shared machine, it says
// what the middleware itself costs. The HTTP scenarios remain the end-to-end figures.
//   npm run build && node bench/in-process.mjs [--json] [--rounds N] [--requests N]
import { once } from 'node:events';
import http from 'node:http';
import { Duplex } from 'node:stream';
import { filterChain } from '@streamfilter/express';
import { basicAuth, remoteBasicAuth } from '@streamfilter/filters';
import { tracing } from '@streamfilter/opentelemetry';
import { metrics } from '@streamfilter/prometheus';
import express from 'express';
import expressBasicAuth from 'express-basic-auth';
import { Registry } from 'prom-client';

const args = process.argv.slice(2);
const option = (name, fallback) => {
  const at = args.indexOf(name);
  return at === -1 ? fallback : Number(args[at + 1]);
};
const ROUNDS = option('--rounds', 7);
const REQUESTS = option('--requests', 20_000);
const AUTHORIZATION = `Basic ${Buffer.from('foo:bar').toString('base64')}`;
const users = { foo: 'bar' };

class NullSocket extends Duplex {
  _read() {}
  _write(_chunk, _encoding, callback) {
    callback();
  }
  _writev(_chunks, callback) {
    callback();
  }
}

function app(middleware) {
  const server = express();
  server.disable('x-powered-by');
  server.disable('etag');
  if (middleware) server.use(middleware);
  server.get('/', function hello(_req, res) {
    res.send('hello world');
  });
  return server;
}

// The auth service the cached variant asks once (on loopback), before its measured requests.
const service = http.createServer((req, res) => {
  req.resume();
  req.on('end', () => res.writeHead(200).end());
});
await new Promise((resolve) => service.listen(0, '127.0.0.1', resolve));
const checkUrl = `http://127.0.0.1:${service.address().port}/check`;

const noop = { name: 'noop', create: () => ({ decodeHeaders() {} }) };
// Both observers on. No OpenTelemetry SDK is registered, as in an app that has not set one up;
// the no-op chain never parks, so `tracing()` would make no span with one either.
const observers = [metrics({ registry: new Registry() }), tracing()];
const variants = {
  express: app(),
  'filterChain([noop])': app(filterChain([noop])),
  'filterChain([noop]) + observers': app(filterChain([noop], { observers })),
  'express-basic-auth': app(expressBasicAuth({ users, challenge: true, realm: 'bench' })),
  basicAuth: app(filterChain([basicAuth({ users, realm: 'bench' })])),
  'remoteBasicAuth + cache': app(
    filterChain([remoteBasicAuth({ url: checkUrl, realm: 'bench', cache: true })]),
  ),
};
const comparisons = [
  ['Express adapter (in-process)', 'express', 'filterChain([noop])', 0.95],
  [
    'Observers: metrics() + tracing() (in-process)',
    'filterChain([noop])',
    'filterChain([noop]) + observers',
    0.95,
  ],
  ['Basic Auth (in-process)', 'express-basic-auth', 'basicAuth', 1.0],
  [
    'Remote Basic Auth, cache on (in-process)',
    'express-basic-auth',
    'remoteBasicAuth + cache',
    0.9,
  ],
];

async function handle(handler) {
  const socket = new NullSocket();
  const req = new http.IncomingMessage(socket);
  req.method = 'GET';
  req.url = '/';
  req.httpVersion = '1.1';
  req.httpVersionMajor = 1;
  req.httpVersionMinor = 1;
  req.headers = { host: 'localhost', authorization: AUTHORIZATION };
  req.rawHeaders = ['Host', 'localhost', 'Authorization', AUTHORIZATION];
  req.complete = true;
  req.push(null);
  const res = new http.ServerResponse(req);
  res.assignSocket(socket);
  const finished = once(res, 'finish');
  handler(req, res);
  await finished;
  if (res.statusCode !== 200) throw new Error(`answered ${res.statusCode}, expected 200`);
}

/** Mean wall time per request, in µs, over `REQUESTS` sequential requests. */
async function measure(handler) {
  const start = process.hrtime.bigint();
  for (let i = 0; i < REQUESTS; i++) await handle(handler);
  return Number(process.hrtime.bigint() - start) / 1e3 / REQUESTS;
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
service.close();

console.log(`in-process: ${ROUNDS} rounds x ${REQUESTS} requests, node ${process.version}`);
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
