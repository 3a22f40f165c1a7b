// Micro-benchmark of the filter manager's dispatch against koa-compose, in one process.
//
//   npx tsc -b packages/core && node bench/core-chain.mjs [--json] [--rounds N] [--time MS]
//
// Four scenarios, run in interleaved rounds so drift (JIT, GC, CPU frequency) hits all alike:
//   streamfilter sync   three filters whose decodeHeaders returns Status.Continue
//   streamfilter async  three filters whose decodeHeaders is an async function
//   koa-compose sync    three middlewares `(_ctx, next) => next()`
//   koa-compose async   three middlewares `async (_ctx, next) => { await next(); }`
// One op is one request through the chain to the application: for streamfilter a new
// FilterManager (per-request filter instances included) fed the request headers, for koa-compose
// one call of the composed function. Both reuse one request object (headers / ctx), so only the
// dispatch is measured. Async ops are awaited one after the other. The figure per scenario is
// the median over the rounds. This is not a test: nothing here asserts on time.
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const {
  FilterChain,
  FilterManager,
  RequestHeaderMap,
  Status,
} = require('../packages/core/dist/index.js');
const compose = require('koa-compose');

const args = process.argv.slice(2);
const json = args.includes('--json');
const option = (name, fallback) => {
  const i = args.indexOf(name);
  const value = i >= 0 ? Number(args[i + 1]) : fallback;
  return Number.isFinite(value) && value > 0 ? value : fallback;
};
const ROUNDS = option('--rounds', 5);
const TIME_MS = option('--time', 1000);
const BATCH = 1000;

// --- streamfilter -------------------------------------------------------------------------

const syncFilter = (name) => ({
  name,
  create: () => ({
    decodeHeaders() {
      return Status.Continue;
    },
  }),
});

const asyncFilter = (name) => ({
  name,
  create: () => ({
    async decodeHeaders() {
      return Status.Continue;
    },
  }),
});

const quiet = () => {};
const syncChain = new FilterChain([syncFilter('a'), syncFilter('b'), syncFilter('c')], {
  logger: quiet,
});
const asyncChain = new FilterChain([asyncFilter('a'), asyncFilter('b'), asyncFilter('c')], {
  logger: quiet,
});

let forwarded = 0;
// Who waits for the next request to reach the application (an async op), called once: left set,
// the last async op's settled `resolve` would run on every later sync op too.
let onForward;
const sink = {
  forwardRequestHeaders() {
    forwarded++;
    const waiting = onForward;
    if (waiting !== undefined) {
      onForward = undefined;
      waiting();
    }
  },
  forwardRequestData() {},
  forwardRequestTrailers() {},
  sendResponseHeaders() {},
  sendResponseData() {},
  sendResponseTrailers() {},
  reset() {},
};
const info = { method: 'GET', path: '/' };
const headers = new RequestHeaderMap(
  { host: 'bench.test' },
  { method: 'GET', path: '/', scheme: 'http' },
);

// The chains have no response-side hooks, so (as an adapter does) the manager is done with once
// the request reached the application: no complete() call, no response routed through it.
function runStreamfilter(chain) {
  new FilterManager(chain, sink, info).decodeHeaders(headers, true);
}

function streamfilterAsyncOp() {
  return new Promise((resolve) => {
    onForward = resolve;
    runStreamfilter(asyncChain);
  });
}

// --- koa-compose --------------------------------------------------------------------------

let reached = 0;
const app = () => {
  reached++;
};
const koaSync = compose([
  (_ctx, next) => next(),
  (_ctx, next) => next(),
  (_ctx, next) => next(),
  app,
]);
const koaAsync = compose([
  async (_ctx, next) => {
    await next();
  },
  async (_ctx, next) => {
    await next();
  },
  async (_ctx, next) => {
    await next();
  },
  app,
]);
const ctx = { method: 'GET', path: '/', headers: { host: 'bench.test' } };

// --- harness ------------------------------------------------------------------------------

const scenarios = [
  {
    name: 'streamfilter sync',
    batch() {
      for (let i = 0; i < BATCH; i++) runStreamfilter(syncChain);
    },
  },
  {
    name: 'koa-compose sync',
    batch() {
      for (let i = 0; i < BATCH; i++) koaSync(ctx);
    },
  },
  {
    name: 'streamfilter async',
    async batch() {
      for (let i = 0; i < BATCH; i++) await streamfilterAsyncOp();
    },
  },
  {
    name: 'koa-compose async',
    async batch() {
      for (let i = 0; i < BATCH; i++) await koaAsync(ctx);
    },
  },
];

async function measure(scenario, ms) {
  const start = process.hrtime.bigint();
  const limit = BigInt(Math.round(ms * 1e6));
  let ops = 0;
  let elapsed = 0n;
  do {
    await scenario.batch();
    ops += BATCH;
    elapsed = process.hrtime.bigint() - start;
  } while (elapsed < limit);
  // Let the sync scenarios' settled promises (koa-compose) drain before the next one starts.
  await new Promise((resolve) => setImmediate(resolve));
  return ops / (Number(elapsed) / 1e9);
}

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

const results = new Map(scenarios.map((s) => [s.name, []]));
for (const scenario of scenarios) await measure(scenario, Math.min(300, TIME_MS)); // warm-up
for (let round = 0; round < ROUNDS; round++) {
  // Rotate the order each round so no scenario always runs right after the same other one.
  for (let k = 0; k < scenarios.length; k++) {
    const scenario = scenarios[(k + round) % scenarios.length];
    results.get(scenario.name).push(await measure(scenario, TIME_MS));
  }
}

if (forwarded === 0 || reached === 0) throw new Error('a scenario never reached its application');

const summary = scenarios.map((s) => {
  const runs = results.get(s.name);
  return {
    name: s.name,
    opsPerSec: Math.round(median(runs)),
    min: Math.min(...runs),
    max: Math.max(...runs),
  };
});
const ops = Object.fromEntries(summary.map((s) => [s.name, s.opsPerSec]));
const ratio = (a, b) => Math.round((ops[a] / ops[b]) * 100) / 100;
const ratios = {
  sync: ratio('streamfilter sync', 'koa-compose sync'),
  async: ratio('streamfilter async', 'koa-compose async'),
};

const fmt = (n) => Math.round(n).toLocaleString('en-US');
console.log(`core-chain: ${ROUNDS} rounds x ${TIME_MS} ms per scenario, node ${process.version}`);
console.log('');
console.log(
  `${'scenario'.padEnd(20)} ${'ops/s (median)'.padStart(16)} ${'min'.padStart(12)} ${'max'.padStart(12)}`,
);
for (const s of summary) {
  console.log(
    `${s.name.padEnd(20)} ${fmt(s.opsPerSec).padStart(16)} ${fmt(s.min).padStart(12)} ${fmt(s.max).padStart(12)}`,
  );
}
console.log('');
console.log(`streamfilter / koa-compose: sync ${ratios.sync}x, async ${ratios.async}x`);
if (json) {
  console.log(
    JSON.stringify({
      scenarios: summary.map(({ name, opsPerSec }) => ({ name, opsPerSec })),
      ratios,
    }),
  );
}
