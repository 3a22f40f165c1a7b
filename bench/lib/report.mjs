// The results as Markdown: one table row per comparison, then how they were measured.
import os from 'node:os';
import { CONNECTIONS } from './load.mjs';

const COLUMNS = [
  'Scenario',
  'Baseline',
  'Baseline result',
  'Candidate',
  'Candidate result',
  'Ratio',
  'Goal',
  'Met?',
];

function cells(row) {
  if (row.error) return [row.scenario, '—', '—', '—', '—', '—', '—', `error: ${row.error}`];
  return [
    row.scenario,
    row.baseline,
    row.baselineValue,
    row.candidate,
    row.candidateValue,
    row.ratio,
    row.goal,
    row.met,
  ];
}

function line(values) {
  return `| ${values.map((v) => String(v).replaceAll('|', '\\|').replaceAll('\n', ' ')).join(' | ')} |`;
}

export function machine() {
  const cpus = os.cpus();
  return {
    cpu: cpus[0]?.model ?? 'unknown',
    cores: cpus.length,
    memory: `${(os.totalmem() / 1024 ** 3).toFixed(1)} GB`,
    os: `${os.type()} ${os.release()} ${os.arch()}`,
    node: process.version,
  };
}

export function table(rows) {
  return [line(COLUMNS), line(COLUMNS.map(() => '---')), ...rows.map((r) => line(cells(r)))].join(
    '\n',
  );
}

function method(profile) {
  const soak = profile.soak;
  return [
    'Each server under test is its own process (`bench/servers/`) on 127.0.0.1; autocannon runs',
    `in the orchestrator's process (${CONNECTIONS} connections, no pipelining); the auth service of`,
    'the remote scenarios is a third process. Each variant gets a',
    `${profile.warmupSeconds} s warm-up, then ${profile.rounds} round(s) of ${profile.seconds} s, alternating`,
    'baseline and candidate (the order flips each round). A result is the median req/s of its',
    'rounds; the ratio is the median over the rounds of candidate / baseline within a round, so a',
    'slow spell of the machine weighs on both sides. Any non-2xx answer voids a run. The memory soak',
    `sends ${soak.warmup.toLocaleString('en-US')} warm-up requests, then samples the server's heapUsed and RSS`,
    `after a forced full gc (\`--expose-gc\`) every ${soak.batchSize.toLocaleString('en-US')} requests, all in one`,
    'load run; its growth is the least-squares slope over the samples. The core rows come from',
    '`bench/core-chain.mjs --json` (in-process, ops/s); the "(in-process)" rows from',
    '`bench/in-process.mjs --json`: µs per request handed to the app with no sockets, 7 alternating',
    'rounds of 20,000 requests, the ratio being the median of baseline / candidate per round.',
  ].join(' ');
}

export function markdown({ rows, profile, command, seconds, date }) {
  const m = machine();
  const details = rows
    .filter((r) => r.detail)
    .map((r) => `- ${r.scenario}, ${r.candidate}: ${r.detail}`);
  return `# Benchmark results

Command: \`${command}\` (${profile.quick ? 'quick smoke run' : 'full run'}, ${Math.round(seconds)} s).

${table(rows)}

- Date: ${date.toISOString()}
- Machine: ${m.cpu}, ${m.cores} cores, ${m.memory} memory, ${m.os}
- Node: ${m.node}

## How these were measured

${method(profile)}

${details.join('\n')}
`;
}
