// 6. The core micro-benchmark (core chain vs koa-compose), run as its own process; this only
// reads the JSON line it prints last with --json and turns its ratios into table rows.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { fmt } from '../lib/compare.mjs';
import { runJsonScript } from '../lib/script.mjs';

const SCRIPT = fileURLToPath(new URL('../core-chain.mjs', import.meta.url));

/** A row per ratio the script reports (`sync`, `async`): streamfilter vs koa-compose ops/s. */
function rowsOf(report) {
  const ops = new Map((report.scenarios ?? []).map((s) => [s.name, s.opsPerSec]));
  const kinds = Object.keys(report.ratios ?? {});
  if (kinds.length === 0) throw new Error('core-chain.mjs --json reported no ratios');
  return kinds.map((kind) => {
    const baseline = ops.get(`koa-compose ${kind}`);
    const candidate = ops.get(`streamfilter ${kind}`);
    const ratio = baseline && candidate ? candidate / baseline : report.ratios[kind];
    return {
      scenario: `Core chain, ${kind} (micro)`,
      baseline: `koa-compose ${kind}`,
      baselineValue: baseline ? `${fmt(baseline)} ops/s` : '—',
      candidate: `streamfilter ${kind}`,
      candidateValue: candidate ? `${fmt(candidate)} ops/s` : '—',
      ratio: `${ratio.toFixed(3)}×`,
      goal: '—',
      met: '—',
    };
  });
}

export default {
  name: 'core',
  title: 'Core chain vs koa-compose (micro-benchmark)',
  async run(profile) {
    if (!existsSync(SCRIPT)) throw new Error('bench/core-chain.mjs does not exist yet');
    const args = profile.quick ? ['--json', '--rounds', '2', '--time', '300'] : ['--json'];
    return rowsOf(await runJsonScript(SCRIPT, args));
  },
};
