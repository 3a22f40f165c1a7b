// 8. Scale: N app processes (node:cluster, N = 1, 2, 4) behind one port, the same repeated
// credentials, with the in-process decision cache only and with the shared tier (Redis) behind
// it. Counted: the auth service's calls (the goal: with the shared tier, about those of one
// process, whatever N) and req/s. A fixed number of requests, and allows that outlive the run,
// so the count does not depend on how fast a shared machine happens to be: each process asks
// once per credential it sees, or, sharing, about once per credential in all.
import { randomBytes } from 'node:crypto';
import { startAuthService } from '../lib/auth-service.mjs';
import { median } from '../lib/compare.mjs';
import { load } from '../lib/load.mjs';
import { progress } from '../lib/log.mjs';
import { requireBuilt } from '../lib/packages.mjs';
import { startRedis } from '../lib/redis-server.mjs';
import { startServer } from '../lib/server-process.mjs';

const PROCESSES = [1, 2, 4];
const CREDENTIALS = 200;
// Enough for every process to see (almost) every credential: 1000 requests a process at N = 4.
const REQUESTS = 20 * CREDENTIALS;
const ALLOW_TTL_MS = 60_000;
// "About one process's calls": instances that miss the same credential at the same moment may
// each call once before the first answer lands in Redis.
const GOAL = 1.25;

const authorizations = Array.from(
  { length: CREDENTIALS },
  (_, i) => `Basic ${Buffer.from(`user${i}:pass${i}`).toString('base64')}`,
);
// Each request carries one of the credentials at random, as independent users would: not every
// connection walking the same list in step, which would make every instance miss at once.
const requests = [
  {
    setupRequest(request) {
      const authorization = authorizations[Math.floor(Math.random() * CREDENTIALS)];
      return { ...request, headers: { ...request.headers, authorization } };
    },
  },
];

async function callsSoFar(checkUrl) {
  const response = await fetch(new URL('/calls', checkUrl));
  return (await response.json()).calls;
}

/** One run from cold caches: a fresh cluster (and, shared, a fresh secret: no earlier entry). */
async function measure({ workers, redis, checkUrl }) {
  const env = { WORKERS: String(workers), AUTH_URL: checkUrl, ALLOW_TTL_MS: String(ALLOW_TTL_MS) };
  if (redis)
    Object.assign(env, { REDIS_URL: redis.url, CACHE_SECRET: randomBytes(32).toString('base64') });
  const server = await startServer('cluster-remote-basic-auth', { env });
  try {
    await callsSoFar(checkUrl);
    const { rps } = await load(server.url, { amount: REQUESTS, requests });
    return { rps, calls: await callsSoFar(checkUrl) };
  } finally {
    await server.stop();
  }
}

const fmt = (n) => Math.round(n).toLocaleString('en-US');

export default {
  name: 'shared-cache',
  title: 'remoteBasicAuth on N processes: in-process cache vs + shared tier (Redis)',
  async run(profile) {
    requireBuilt('@streamfilter/filters');
    const rounds = profile.quick ? 1 : 3;
    const { service, checkUrl } = await startAuthService();
    const redis = await startRedis();
    try {
      const results = new Map();
      for (const workers of PROCESSES) {
        for (const shared of [false, true]) {
          const runs = [];
          for (let round = 1; round <= rounds; round++) {
            const run = await measure({ workers, redis: shared && redis, checkUrl });
            runs.push(run);
            const label = shared ? '+ shared tier' : 'in-process only';
            progress(
              `  ${workers} process(es), ${label}: ${run.calls} calls, ${fmt(run.rps)} req/s`,
            );
          }
          results.set(`${workers}/${shared}`, {
            calls: median(runs.map((r) => r.calls)),
            rps: median(runs.map((r) => r.rps)),
          });
        }
      }
      const one = results.get('1/false').calls;
      return PROCESSES.map((workers) => {
        const local = results.get(`${workers}/false`);
        const shared = results.get(`${workers}/true`);
        const ratio = shared.calls / one;
        return {
          scenario: `${workers} app process${workers > 1 ? 'es' : ''}, ${fmt(REQUESTS)} requests, ${CREDENTIALS} credentials`,
          baseline: 'in-process cache only',
          baselineValue: `${fmt(local.calls)} auth calls, ${fmt(local.rps)} req/s`,
          candidate: '+ shared tier (Redis)',
          candidateValue: `${fmt(shared.calls)} auth calls, ${fmt(shared.rps)} req/s`,
          ratio: `${ratio.toFixed(2)}× one process's calls`,
          goal: `≤ ${GOAL.toFixed(2)}×`,
          met: ratio <= GOAL ? 'yes' : 'no',
          detail: `one process, in-process cache only: ${fmt(one)} auth calls; median of ${rounds} run(s)`,
        };
      });
    } finally {
      await Promise.all([service.stop(), redis.stop()]);
    }
  },
};
