// Runs the benchmark scenarios and writes their table.
//
//   node bench/run.mjs                  every scenario; writes bench/RESULTS.md
//   node bench/run.mjs --quick          a ~1 minute smoke run of every scenario
//   node bench/run.mjs express soak     only these scenarios
//   node bench/run.mjs --out FILE       write the table to FILE
//
// A quick or partial run writes .bench-tmp/RESULTS.md, so the committed table stays the one
// of a full run. `npm run bench` builds the packages first; a scenario whose package is not
// built fails with a message, and the others still run.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { progress } from './lib/log.mjs';
import { profiles } from './lib/profiles.mjs';
import { markdown, table } from './lib/report.mjs';
import { scenarios } from './scenarios/index.mjs';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    quick: { type: 'boolean', default: false },
    out: { type: 'string' },
    help: { type: 'boolean', short: 'h', default: false },
  },
});

if (values.help) {
  console.log('usage: node bench/run.mjs [--quick] [--out FILE] [scenario ...]');
  console.log(`scenarios: ${scenarios.map((s) => s.name).join(', ')}`);
  process.exit(0);
}

const unknown = positionals.filter((name) => !scenarios.some((s) => s.name === name));
if (unknown.length > 0) {
  console.error(`unknown scenario: ${unknown.join(', ')}`);
  console.error(`known: ${scenarios.map((s) => s.name).join(', ')}`);
  process.exit(2);
}

const selected =
  positionals.length > 0 ? scenarios.filter((s) => positionals.includes(s.name)) : scenarios;
const profile = values.quick ? profiles.quick : profiles.full;
const complete = selected.length === scenarios.length && !profile.quick;
const out = resolve(
  values.out ?? (complete ? `${ROOT}/bench/RESULTS.md` : `${ROOT}/.bench-tmp/RESULTS.md`),
);
const args = process.argv.slice(2).join(' ');
const command =
  process.env.npm_lifecycle_event === 'bench'
    ? `npm run bench${args ? ` -- ${args}` : ''}`
    : `node bench/run.mjs${args ? ` ${args}` : ''}`;

const started = Date.now();
const rows = [];
let failures = 0;
for (const [index, scenario] of selected.entries()) {
  progress(`(${index + 1}/${selected.length}) ${scenario.name}: ${scenario.title}`);
  try {
    rows.push(...(await scenario.run(profile)));
  } catch (error) {
    failures++;
    const message = error instanceof Error ? error.message : String(error);
    progress(`  FAILED: ${message}`);
    rows.push({ scenario: scenario.title, error: message.split('\n')[0] });
  }
}

const seconds = (Date.now() - started) / 1000;
mkdirSync(dirname(out), { recursive: true });
writeFileSync(out, markdown({ rows, profile, command, seconds, date: new Date() }));
console.log(`\n${table(rows)}\n`);
progress(`done in ${Math.round(seconds)} s; wrote ${relative(ROOT, out)}`);
process.exitCode = failures > 0 ? 1 : 0;
