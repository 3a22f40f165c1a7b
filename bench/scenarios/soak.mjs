// 5. Memory soak: many requests through remoteBasicAuth with the cache on (valid credentials),
// sampling the server's heapUsed and RSS after a forced full gc at fixed request counts. One
// load run on the same connections throughout, so connection churn does not pose as growth.
// A filter that keeps something per request shows as a slope; a flat line is the goal.
import { startAuthService } from '../lib/auth-service.mjs';
import { startLoad, summarize } from '../lib/load.mjs';
import { progress } from '../lib/log.mjs';
import { requireBuilt } from '../lib/packages.mjs';
import { startServer, stopAll } from '../lib/server-process.mjs';
import { authorization } from '../servers/users.mjs';

const MB = 1024 * 1024;
// Growth allowed per 1k requests after warm-up: under 1 byte per request on the heap; RSS
// also moves with the allocator and gc, so it gets more room (still < 10 bytes per request).
const GOALS = { heapUsed: 1024, rss: 10 * 1024 };
// Requests sent after the last sample, so that it is taken under load like the others.
const TAIL = 2_000;

/** Least-squares slope of y over x. */
function slope(points) {
  const n = points.length;
  const mx = points.reduce((s, p) => s + p.x, 0) / n;
  const my = points.reduce((s, p) => s + p.y, 0) / n;
  const num = points.reduce((s, p) => s + (p.x - mx) * (p.y - my), 0);
  const den = points.reduce((s, p) => s + (p.x - mx) ** 2, 0);
  return den === 0 ? 0 : num / den;
}

function row(key, samples) {
  const first = samples[0];
  const last = samples.at(-1);
  const perThousand = slope(samples.map((s) => ({ x: s.requests / 1000, y: s[key] })));
  const total = last.requests - first.requests;
  return {
    scenario: `Memory soak, ${key}`,
    baseline: 'after warm-up',
    baselineValue: `${(first[key] / MB).toFixed(2)} MB`,
    candidate: `after ${total.toLocaleString('en-US')} more requests`,
    candidateValue: `${(last[key] / MB).toFixed(2)} MB`,
    ratio: `${perThousand >= 0 ? '+' : ''}${(perThousand / 1024).toFixed(2)} KB / 1k req`,
    goal: `< ${GOALS[key] / 1024} KB / 1k req`,
    met: perThousand < GOALS[key] ? 'yes' : 'no',
    detail: `${key} samples (MB): ${samples.map((s) => (s[key] / MB).toFixed(2)).join(', ')}`,
  };
}

/** Samples `server` after `warmup` requests, then every `batchSize`, while load runs. */
async function sampleUnderLoad(server, { warmup, batches, batchSize }) {
  const marks = Array.from({ length: batches + 1 }, (_, i) => warmup + i * batchSize);
  const run = startLoad(server.url, { amount: marks.at(-1) + TAIL, headers: { authorization } });
  const samples = [];
  let probes = Promise.resolve();
  let responses = 0;
  let next = 0;
  async function probe(requests) {
    const usage = await server.memory();
    samples.push({ requests, ...usage });
    const heap = (usage.heapUsed / MB).toFixed(2);
    progress(`  ${requests} requests: heapUsed ${heap} MB, rss ${(usage.rss / MB).toFixed(1)} MB`);
  }
  run.on('response', () => {
    responses++;
    if (responses !== marks[next]) return;
    next++;
    const requests = responses;
    probes = probes.then(() => probe(requests));
  });
  summarize(await run);
  await probes;
  if (samples.length !== marks.length) {
    throw new Error(`took ${samples.length} memory samples, expected ${marks.length}`);
  }
  return samples;
}

export default {
  name: 'soak',
  title: 'Memory soak: remoteBasicAuth with cache',
  async run({ soak }) {
    requireBuilt('@streamfilter/filters');
    const { service, checkUrl } = await startAuthService();
    const servers = [service];
    try {
      const env = { AUTH_URL: checkUrl, AUTH_CACHE: '1' };
      const server = await startServer('remote-basic-auth', { env, gc: true });
      servers.push(server);
      // The first probe allocates on its own (IPC, gc bookkeeping): take it before any sample.
      await server.memory();
      progress(`  warm-up ${soak.warmup} requests, then a sample every ${soak.batchSize}`);
      const samples = await sampleUnderLoad(server, soak);
      return [row('heapUsed', samples), row('rss', samples)];
    } finally {
      await stopAll(servers);
    }
  },
};
