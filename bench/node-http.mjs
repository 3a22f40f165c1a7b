// Per-request cost of @streamfilter/node's withFilters around a bare node:http listener, with no
// sockets: requests are handed to each listener in this process as IncomingMessage /
// ServerResponse pairs over a null socket, one after another (the method of in-process.mjs,
// timed in CPU time rather than wall time). Raw node:http costs a few µs per request here, so
// this is where the chain's own cost shows.
//   npm run build && node bench/node-http.mjs [--json] [--rounds N] [--requests N]
import { once } from 'node:events';
import http from 'node:http';
import { Duplex } from 'node:stream';
import { withFilters } from '@streamfilter/node';
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

function hello(_req, res) {
  res.end('hello world');
}

const variants = {
  'node:http listener': hello,
  'withFilters([noop])': withFilters([noop()], hello),
  'withFilters(3 sync filters)': withFilters(
    [noop('noop-1'), noop('noop-2'), noop('noop-3')],
    hello,
  ),
};
const comparisons = [
  ['node:http adapter (in-process)', 'node:http listener', 'withFilters([noop])', 0.95],
  [
    'node:http adapter, three sync filters (in-process)',
    'node:http listener',
    'withFilters(3 sync filters)',
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

/**
 * Mean CPU time (user + system) of this process per request, in µs, over `REQUESTS` sequential
 * requests: unlike wall time, it does not count the time other processes of a busy machine
 * held the CPU.
 */
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

console.log(`node-http: ${ROUNDS} rounds x ${REQUESTS} requests, node ${process.version}`);
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
