// 10. The Fastify plugin and the Koa middleware with one no-op filter vs the bare framework,
// in process (bench/frameworks.mjs), in µs per request.
import { fileURLToPath } from 'node:url';
import { requireBuilt } from '../lib/packages.mjs';
import { runJsonScript } from '../lib/script.mjs';

const signed = (micros) => `${micros < 0 ? '−' : '+'}${Math.abs(micros).toFixed(2)}`;
const SCRIPT = fileURLToPath(new URL('../frameworks.mjs', import.meta.url));

export default {
  name: 'frameworks',
  title:
    'Fastify and Koa: the adapter with one no-op filter vs the bare framework, in process (no sockets)',
  async run(profile) {
    requireBuilt('@streamfilter/fastify');
    requireBuilt('@streamfilter/koa');
    const args = profile.quick ? ['--json', '--rounds', '3', '--requests', '5000'] : ['--json'];
    const { results } = await runJsonScript(SCRIPT, args);
    return results.map((r) => ({
      scenario: r.scenario,
      baseline: r.baseline,
      baselineValue: `${r.baselineMicros.toFixed(2)} µs/req`,
      candidate: r.candidate,
      candidateValue: `${r.candidateMicros.toFixed(2)} µs/req (${signed(r.candidateMicros - r.baselineMicros)})`,
      ratio: `${r.ratio.toFixed(3)}×`,
      goal: `≥ ${r.goal.toFixed(2)}×`,
      met: r.ratio >= r.goal ? 'yes' : 'no',
    }));
  },
};
