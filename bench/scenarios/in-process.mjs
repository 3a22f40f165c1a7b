// 7. Per-request cost with no sockets (bench/in-process.mjs): the Express and auth comparisons
// again, in one process, where the noise of a shared machine is a few percent, not ten.
import { fileURLToPath } from 'node:url';
import { requireBuilt } from '../lib/packages.mjs';
import { runJsonScript } from '../lib/script.mjs';

const SCRIPT = fileURLToPath(new URL('../in-process.mjs', import.meta.url));

export default {
  name: 'in-process',
  title: 'Per-request cost in process (no sockets)',
  async run(profile) {
    requireBuilt('@streamfilter/filters');
    requireBuilt('@streamfilter/opentelemetry');
    requireBuilt('@streamfilter/prometheus');
    const args = profile.quick ? ['--json', '--rounds', '3', '--requests', '5000'] : ['--json'];
    const { results } = await runJsonScript(SCRIPT, args);
    return results.map((r) => ({
      scenario: r.scenario,
      baseline: r.baseline,
      baselineValue: `${r.baselineMicros.toFixed(1)} µs/req`,
      candidate: r.candidate,
      candidateValue: `${r.candidateMicros.toFixed(1)} µs/req`,
      ratio: `${r.ratio.toFixed(3)}×`,
      goal: `≥ ${r.goal.toFixed(2)}×`,
      met: r.ratio >= r.goal ? 'yes' : 'no',
    }));
  },
};
