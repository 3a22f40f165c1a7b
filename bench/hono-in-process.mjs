// Per-request cost of Hono with and without a one-filter chain, with no sockets: requests are
// handed to `app.fetch` in this process, one after another, each response read to its end, and
// timed in CPU time. A bare fetch handler with and without `withFilters` is measured the same way.
//   npm run build && node bench/hono-in-process.mjs [--json] [--rounds N] [--requests N]
import { withFilters } from '@streamfilter/fetch';
import { filterChain } from '@streamfilter/hono';
import { Hono } from 'hono';
import { noop } from './servers/sync-filters.mjs';

const args = process.argv.slice(2);
const option = (name, fallback) => {
  const at = args.indexOf(name);
  return at === -1 ? fallback : Number(args[at + 1]);
};
const ROUNDS = option('--rounds', 7);
const REQUESTS = option('--requests', 20_000);

function hono(middleware) {
  const app = new Hono();
  if (middleware) app.use(middleware);
  app.get('/', (c) => c.text('hello world'));
  return app.fetch;
}

const hello = () => new Response('hello world');
// What any middleware costs Hono: one that only awaits next().
async function passThrough(_c, next) {
  await next();
}

const variants = {
  hono: hono(),
  'hono + passThrough': hono(passThrough),
  'filterChain([noop])': hono(filterChain([noop()])),
  'fetch handler': hello,
  'withFilters([noop])': withFilters([noop()], hello),
};
const comparisons = [
  ['Hono adapter (in-process)', 'hono', 'filterChain([noop])', 0.9],
  ['Hono, any middleware (in-process)', 'hono', 'hono + passThrough'],
  [
    'Hono adapter vs a pass-through middleware (in-process)',
    'hono + passThrough',
    'filterChain([noop])',
  ],
  ['Fetch adapter (in-process)', 'fetch handler', 'withFilters([noop])', 0.9],
];

/**
 * Mean CPU time (user + system) of this process per request, in µs, over `REQUESTS` sequential
 * requests: unlike wall time, it does not count the time other processes of a busy machine
 * held the CPU.
 */
async function measure(fetch) {
  const start = process.cpuUsage();
  for (let i = 0; i < REQUESTS; i++) {
    const response = await fetch(new Request('http://localhost/'));
    await response.text();
    if (response.status !== 200) throw new Error(`answered ${response.status}, expected 200`);
  }
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

console.log(`hono in-process: ${ROUNDS} rounds x ${REQUESTS} requests, node ${process.version}`);
for (const name of names) {
  console.log(`${name.padEnd(24)} ${median(rounds[name]).toFixed(2).padStart(7)} µs/request`);
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
