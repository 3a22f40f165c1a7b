// Scenarios of bench/scenarios that run an in-process script of bench/ with --json and turn its
// comparisons into report rows, in µs per request.
import { fileURLToPath } from 'node:url';
import { requireBuilt } from './packages.mjs';
import { runJsonScript } from './script.mjs';

const signed = (micros) => `${micros < 0 ? '−' : '+'}${Math.abs(micros).toFixed(2)}`;

/** Runs `script` (a file name in bench/), briefly with a quick `profile`; resolves to its results. */
export async function runInProcessScript(script, profile) {
  const path = fileURLToPath(new URL(`../${script}`, import.meta.url));
  const args = profile.quick ? ['--json', '--rounds', '3', '--requests', '5000'] : ['--json'];
  const { results } = await runJsonScript(path, args);
  return results;
}

/**
 * Report rows of in-process `results`, µs with `digits` decimals, the candidate's difference
 * with `delta`; a comparison without a goal is reported for reference only.
 */
export function microsRows(results, { digits = 2, delta = true } = {}) {
  return results.map((r) => ({
    scenario: r.scenario,
    baseline: r.baseline,
    baselineValue: `${r.baselineMicros.toFixed(digits)} µs/req`,
    candidate: r.candidate,
    candidateValue: delta
      ? `${r.candidateMicros.toFixed(digits)} µs/req (${signed(r.candidateMicros - r.baselineMicros)})`
      : `${r.candidateMicros.toFixed(digits)} µs/req`,
    ratio: `${r.ratio.toFixed(3)}×`,
    goal: r.goal === undefined ? '—' : `≥ ${r.goal.toFixed(2)}×`,
    met: r.goal === undefined ? '—' : r.ratio >= r.goal ? 'yes' : 'no',
  }));
}

/** A scenario of `script` alone; `packages`: the built packages it loads. */
export function inProcessScenario({ name, title, script, packages, ...format }) {
  return {
    name,
    title,
    async run(profile) {
      for (const pkg of packages) requireBuilt(pkg);
      return microsRows(await runInProcessScript(script, profile), format);
    },
  };
}
