// 6. The core micro-benchmark (core chain vs koa-compose), run as its own process; this only
// reads the JSON line it prints last with --json and turns its ratios into table rows.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { fmt } from '../lib/compare.mjs';
import { progress } from '../lib/log.mjs';

const SCRIPT = fileURLToPath(new URL('../core-chain.mjs', import.meta.url));

function runScript(args) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [SCRIPT, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => {
      stdout += chunk;
    });
    child.stderr.on('data', (chunk) => {
      stderr += chunk;
      for (const line of String(chunk).split('\n')) if (line.trim()) progress(`  ${line.trim()}`);
    });
    child.on('error', reject);
    child.on('exit', (code) => {
      if (code === 0) return resolve(stdout);
      reject(
        new Error(`core-chain.mjs exited with code ${code}: ${stderr.trim().split('\n').at(-1)}`),
      );
    });
  });
}

function lastJsonLine(stdout) {
  const lines = stdout.trim().split('\n').reverse();
  for (const line of lines) {
    try {
      return JSON.parse(line);
    } catch {}
  }
  throw new Error('core-chain.mjs --json printed no JSON line');
}

/** Every object in the tree that carries a numeric `ratio`, with the path that led to it. */
function ratioEntries(value, path = []) {
  if (value === null || typeof value !== 'object') return [];
  const here = typeof value.ratio === 'number' ? [{ path, entry: value }] : [];
  return here.concat(
    Object.entries(value).flatMap(([key, child]) => ratioEntries(child, [...path, key])),
  );
}

function opsOf(side) {
  if (typeof side === 'number') return `${fmt(side)} ops/s`;
  const ops = side?.opsPerSec ?? side?.ops ?? side?.hz;
  return typeof ops === 'number' ? `${fmt(ops)} ops/s` : '—';
}

export default {
  name: 'core',
  title: 'Core chain vs koa-compose (micro-benchmark)',
  async run(profile) {
    if (!existsSync(SCRIPT)) throw new Error('bench/core-chain.mjs does not exist yet');
    const report = lastJsonLine(
      await runScript(profile.quick ? ['--json', '--quick'] : ['--json']),
    );
    const entries = ratioEntries(report);
    if (entries.length === 0) throw new Error('core-chain.mjs --json reported no ratio');
    return entries.map(({ path, entry }) => {
      const goal = typeof entry.goal === 'number' ? entry.goal : undefined;
      return {
        scenario: `Core chain: ${entry.name ?? entry.case ?? path.join('.')}`,
        baseline: entry.baselineName ?? 'koa-compose',
        baselineValue: opsOf(entry.baseline),
        candidate: entry.candidateName ?? '@streamfilter/core chain',
        candidateValue: opsOf(entry.candidate),
        ratio: `${entry.ratio.toFixed(3)}×`,
        goal: goal === undefined ? '—' : `≥ ${goal.toFixed(2)}×`,
        met: goal === undefined ? '—' : entry.ratio >= goal ? 'yes' : 'no',
      };
    });
  },
};
