// A scenario of bench/scenarios that runs an in-process script of bench/ with --json and turns
// its comparisons into report rows, in µs per request with the candidate's difference.
import { fileURLToPath } from 'node:url';
import { requireBuilt } from './packages.mjs';
import { runJsonScript } from './script.mjs';

const signed = (micros) => `${micros < 0 ? '−' : '+'}${Math.abs(micros).toFixed(2)}`;

/** `script`: a file name in bench/; `packages`: the built packages it loads. */
export function inProcessScenario({ name, title, script, packages }) {
  const path = fileURLToPath(new URL(`../${script}`, import.meta.url));
  return {
    name,
    title,
    async run(profile) {
      for (const pkg of packages) requireBuilt(pkg);
      const args = profile.quick ? ['--json', '--rounds', '3', '--requests', '5000'] : ['--json'];
      const { results } = await runJsonScript(path, args);
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
}
