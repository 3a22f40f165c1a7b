// Measures variants side by side: a warm-up each, then rounds that alternate between them
// (the order flips every round, so neither side always runs on a warmer machine). The result
// per variant is the median req/s of its rounds; a ratio is the median of the per-round ratios,
// so a slow spell of a shared machine weighs on both sides of the round it falls in.
import { load } from './load.mjs';
import { progress } from './log.mjs';

export function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/**
 * `variants`: [{ label, url, headers }]. Returns { [label]: { rps, rounds: [req/s...], p99 } }.
 */
export async function interleave(variants, { rounds, seconds, warmupSeconds }) {
  for (const variant of variants) {
    progress(`  warm-up ${variant.label} (${warmupSeconds}s)`);
    await load(variant.url, { seconds: warmupSeconds, headers: variant.headers });
  }
  const samples = new Map(variants.map((v) => [v.label, []]));
  for (let round = 1; round <= rounds; round++) {
    const order = round % 2 ? variants : [...variants].reverse();
    for (const variant of order) {
      const run = await load(variant.url, { seconds, headers: variant.headers });
      samples.get(variant.label).push(run);
      progress(
        `  round ${round}/${rounds} ${variant.label}: ${Math.round(run.rps)} req/s, p99 ${run.p99} ms`,
      );
    }
  }
  const results = {};
  for (const [label, runs] of samples) {
    results[label] = {
      rps: median(runs.map((r) => r.rps)),
      rounds: runs.map((r) => Math.round(r.rps)),
      p99: median(runs.map((r) => r.p99)),
    };
  }
  return results;
}

/** A result-table row comparing a candidate with its baseline in req/s. */
export function ratioRow({ scenario, baseline, candidate, results, goal }) {
  const b = results[baseline];
  const c = results[candidate];
  const ratio = median(c.rounds.map((rps, i) => rps / b.rounds[i]));
  return {
    scenario,
    baseline,
    baselineValue: `${fmt(b.rps)} req/s`,
    candidate,
    candidateValue: `${fmt(c.rps)} req/s`,
    ratio: `${ratio.toFixed(3)}×`,
    goal: goal === undefined ? '—' : `≥ ${goal.toFixed(2)}×`,
    met: goal === undefined ? '—' : ratio >= goal ? 'yes' : 'no',
    detail: `rounds (req/s): ${baseline} ${b.rounds.join(', ')}; ${candidate} ${c.rounds.join(', ')}; median p99 ${b.p99} vs ${c.p99} ms`,
  };
}

export function fmt(n) {
  return Math.round(n).toLocaleString('en-US');
}
