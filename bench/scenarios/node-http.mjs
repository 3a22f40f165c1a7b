// 8. @streamfilter/node's withFilters around a bare node:http listener, in process
// (bench/node-http.mjs): where the chain's own cost per request shows, next to raw node:http.
import { fileURLToPath } from 'node:url';
import { requireBuilt } from '../lib/packages.mjs';
import { runJsonScript } from '../lib/script.mjs';

const signed = (micros) => `${micros < 0 ? '−' : '+'}${Math.abs(micros).toFixed(2)}`;
const SCRIPT = fileURLToPath(new URL('../node-http.mjs', import.meta.url));

export default {
  name: 'node-http',
  title: 'node:http: withFilters vs the bare listener, in process (no sockets)',
  async run(profile) {
    requireBuilt('@streamfilter/node');
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
