// 5. Memory soak: many requests through remoteBasicAuth with the cache on (valid credentials),
// sampling the server's heapUsed and RSS after a forced full gc between batches. A filter that
// keeps something per request shows as a slope; a flat line is the goal.

import { startAuthService } from '../lib/auth-service.mjs';
import { load } from '../lib/load.mjs';
import { progress } from '../lib/log.mjs';
import { requireBuilt } from '../lib/packages.mjs';
import { startServer, stopAll } from '../lib/server-process.mjs';
import { authorization } from '../servers/users.mjs';

const MB = 1024 * 1024;
// Growth allowed per 1k requests after warm-up: under 1 byte per request on the heap; RSS
// also moves with the allocator, so it gets more room (still < 10 bytes per request).
const GOALS = { heapUsed: 1024, rss: 10 * 1024 };

/** Least-squares slope of y over x. */
function slope(points) {
  const n = points.length;
  const mx = points.reduce((s, p) => s + p.x, 0) / n;
  const my = points.reduce((s, p) => s + p.y, 0) / n;
  const num = points.reduce((s, p) => s + (p.x - mx) * (p.y - my), 0);
  const den = points.reduce((s, p) => s + (p.x - mx) ** 2, 0);
  return den === 0 ? 0 : num / den;
}

function row(key, samples, total) {
  const first = samples[0][key];
  const last = samples.at(-1)[key];
  const perThousand = slope(samples.map((s) => ({ x: s.requests / 1000, y: s[key] })));
  return {
    scenario: `Memory soak, ${key}`,
    baseline: 'after warm-up',
    baselineValue: `${(first / MB).toFixed(1)} MB`,
    candidate: `after ${total.toLocaleString('en-US')} more requests`,
    candidateValue: `${(last / MB).toFixed(1)} MB`,
    ratio: `${perThousand >= 0 ? '+' : ''}${(perThousand / 1024).toFixed(2)} KB / 1k req`,
    goal: `< ${GOALS[key] / 1024} KB / 1k req`,
    met: perThousand < GOALS[key] ? 'yes' : 'no',
    detail: `${key} samples (MB): ${samples.map((s) => (s[key] / MB).toFixed(1)).join(', ')}`,
  };
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
      const headers = { authorization };
      progress(`  warm-up: ${soak.warmup} requests`);
      await load(server.url, { amount: soak.warmup, headers });
      const samples = [{ requests: 0, ...(await server.memory()) }];
      let requests = 0;
      for (let batch = 1; batch <= soak.batches; batch++) {
        const run = await load(server.url, { amount: soak.batchSize, headers });
        requests += run.requests;
        const usage = await server.memory();
        samples.push({ requests, ...usage });
        progress(
          `  ${requests} requests (${Math.round(run.rps)} req/s): heapUsed ${(usage.heapUsed / MB).toFixed(2)} MB, rss ${(usage.rss / MB).toFixed(1)} MB`,
        );
      }
      return [row('heapUsed', samples, requests), row('rss', samples, requests)];
    } finally {
      await stopAll(servers);
    }
  },
};
