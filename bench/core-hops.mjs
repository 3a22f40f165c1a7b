// What one filter hop costs in the filter manager, in ns: chains of 1 and 5 no-op filters, sync
// and async, one request each through a new FilterManager; the hop is (t5 - t1) / 4, the rest is
// the per-request base. With --baseline DIR (another build's packages/core/dist), both builds
// run side by side in interleaved rounds, so the figures compare.
//
//   npm run build && node bench/core-hops.mjs [--baseline DIR] [--rounds N] [--json]
//
// Medians over the rounds of CPU time per request. This is not a test: nothing asserts on time.

import { createRequire } from 'node:module';
import { resolve } from 'node:path';

const require = createRequire(import.meta.url);
const args = process.argv.slice(2);
const option = (name, fallback) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : fallback;
};
const ROUNDS = Number(option('--rounds', 7));
const REQUESTS = Number(option('--requests', 20000));
const baseline = option('--baseline', undefined);

const builds = [
  { name: 'this build', dist: resolve(import.meta.dirname, '../packages/core/dist') },
];
if (baseline !== undefined) builds.unshift({ name: 'baseline', dist: resolve(baseline) });

function variantsOf({ name, dist }) {
  const { FilterChain, FilterManager, RequestHeaderMap, Status } = require(dist);
  const quiet = () => {};
  let onForward;
  const sink = {
    forwardRequestHeaders() {
      const waiting = onForward;
      onForward = undefined;
      waiting?.();
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
  const syncFilter = (n) => ({
    name: `s${n}`,
    create: () => ({ decodeHeaders: () => Status.Continue }),
  });
  const asyncFilter = (n) => ({
    name: `a${n}`,
    create: () => ({ decodeHeaders: async () => Status.Continue }),
  });
  const chain = (make, n) =>
    new FilterChain(
      Array.from({ length: n }, (_, i) => make(i)),
      { logger: quiet },
    );
  const sync = (c) => async () => {
    for (let i = 0; i < REQUESTS; i++)
      new FilterManager(c, sink, info).decodeHeaders(headers, true);
  };
  const async_ = (c) => async () => {
    for (let i = 0; i < REQUESTS; i++) {
      await new Promise((done) => {
        onForward = done;
        new FilterManager(c, sink, info).decodeHeaders(headers, true);
      });
    }
  };
  return [
    { build: name, kind: 'sync', n: 1, run: sync(chain(syncFilter, 1)) },
    { build: name, kind: 'sync', n: 5, run: sync(chain(syncFilter, 5)) },
    { build: name, kind: 'async', n: 1, run: async_(chain(asyncFilter, 1)) },
    { build: name, kind: 'async', n: 5, run: async_(chain(asyncFilter, 5)) },
  ];
}

const variants = builds.flatMap(variantsOf);
const samples = new Map(variants.map((v) => [v, []]));
for (const v of variants) await v.run(); // warm-up
for (let round = 0; round < ROUNDS; round++) {
  const order = round % 2 === 0 ? variants : [...variants].reverse();
  for (const v of order) {
    const start = process.cpuUsage();
    await v.run();
    const used = process.cpuUsage(start);
    samples.get(v).push(((used.user + used.system) * 1000) / REQUESTS);
  }
}
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const ns = (build, kind, n) =>
  median(samples.get(variants.find((v) => v.build === build && v.kind === kind && v.n === n)));

const rows = builds.flatMap(({ name }) =>
  ['sync', 'async'].map((kind) => {
    const one = ns(name, kind, 1);
    const five = ns(name, kind, 5);
    return { build: name, kind, oneFilterNs: Math.round(one), hopNs: Math.round((five - one) / 4) };
  }),
);
if (args.includes('--json')) console.log(JSON.stringify(rows));
else {
  console.log(`CPU time per request, median of ${ROUNDS} rounds of ${REQUESTS}`);
  for (const r of rows) {
    console.log(
      `${r.build.padEnd(10)} ${r.kind.padEnd(5)}  one filter ${r.oneFilterNs} ns, each more ${r.hopNs} ns`,
    );
  }
}
