// The in-process method shared by the bench scripts that time requests with no sockets and no
// load generator: each variant gets a warm-up, then rounds alternate between the variants (the
// order flips every round, so neither side always runs on a warmer machine); a variant's figure
// is the median µs per request of its rounds, a ratio the median of per-round ratios.
import { once } from 'node:events';
import http from 'node:http';
import { Duplex } from 'node:stream';

/** `--rounds N`, `--requests N` and `--json` of a script's command line. */
function inProcessOptions(args = process.argv.slice(2)) {
  const option = (name, fallback) => {
    const at = args.indexOf(name);
    return at === -1 ? fallback : Number(args[at + 1]);
  };
  return {
    rounds: option('--rounds', 7),
    requests: option('--requests', 20_000),
    json: args.includes('--json'),
  };
}

class NullSocket extends Duplex {
  _read() {}
  _write(_chunk, _encoding, callback) {
    callback();
  }
  _writev(_chunks, callback) {
    callback();
  }
}

/**
 * A sender of one GET to a node:http request listener, as an IncomingMessage / ServerResponse
 * pair over a null socket; it resolves once the response finished, and throws unless it is a 200.
 */
export function nodeRequest({ url = '/', headers, rawHeaders = Object.entries(headers).flat() }) {
  return async function send(listener) {
    const socket = new NullSocket();
    const req = new http.IncomingMessage(socket);
    req.method = 'GET';
    req.url = url;
    req.httpVersion = '1.1';
    req.httpVersionMajor = 1;
    req.httpVersionMinor = 1;
    req.headers = { ...headers };
    req.rawHeaders = rawHeaders;
    req.complete = true;
    req.push(null);
    const res = new http.ServerResponse(req);
    res.assignSocket(socket);
    const finished = once(res, 'finish');
    listener(req, res);
    await finished;
    if (res.statusCode !== 200) throw new Error(`answered ${res.statusCode}, expected 200`);
  };
}

/** A sender of one GET to a fetch handler, its response read to its end; throws unless a 200. */
export async function fetchRequest(fetch) {
  const response = await fetch(new Request('http://localhost/'));
  await response.text();
  if (response.status !== 200) throw new Error(`answered ${response.status}, expected 200`);
}

/** Wall time, in µs, since the clock was started. */
export function wallTime() {
  const start = process.hrtime.bigint();
  return () => Number(process.hrtime.bigint() - start) / 1e3;
}

/**
 * CPU time (user + system) of this process, in µs, since the clock was started: unlike wall
 * time, it does not count the time other processes of a busy machine held the CPU.
 */
export function cpuTime() {
  const start = process.cpuUsage();
  return () => {
    const used = process.cpuUsage(start);
    return used.user + used.system;
  };
}

export const median = (values) => [...values].sort((a, b) => a - b)[values.length >> 1];

/**
 * Times `variants` ({ name: handler }) with `send(handler)`, `requests` sequential requests per
 * round on `clock`: a warm-up each, then `rounds` alternating rounds. Resolves to
 * { name: [mean µs per request of each round] }.
 */
async function alternateRounds(variants, { rounds, requests, send, clock }) {
  const measure = async (handler) => {
    const elapsed = clock();
    for (let i = 0; i < requests; i++) await send(handler);
    return elapsed() / requests;
  };
  const names = Object.keys(variants);
  for (const name of names) await measure(variants[name]); // warm-up
  const micros = Object.fromEntries(names.map((name) => [name, []]));
  for (let round = 0; round < rounds; round++) {
    for (const name of round % 2 ? [...names].reverse() : names) {
      micros[name].push(await measure(variants[name]));
    }
  }
  return micros;
}

/** Prints the run's heading and each variant's median µs per request, names padded to `width`. */
function printMedians(title, micros, { rounds, requests }, width) {
  console.log(`${title}: ${rounds} rounds x ${requests} requests, node ${process.version}`);
  for (const [name, values] of Object.entries(micros)) {
    console.log(`${name.padEnd(width)} ${median(values).toFixed(2).padStart(7)} µs/request`);
  }
}

/** The ratio of two variants: the median of per-round ratios (baseline µs / candidate µs). */
export function ratioOf(micros, baseline, candidate) {
  return median(micros[baseline].map((b, i) => b / micros[candidate][i]));
}

/**
 * Prints each of `comparisons` ([scenario, baseline, candidate, goal]) with its ratio (above 1,
 * the candidate is ahead), then, with `json`, the line `{ results }` that bench/scenarios read.
 */
function printComparisons(micros, comparisons, { json }) {
  const results = comparisons.map(([scenario, baseline, candidate, goal]) => ({
    scenario,
    baseline,
    candidate,
    goal,
    baselineMicros: median(micros[baseline]),
    candidateMicros: median(micros[candidate]),
    ratio: ratioOf(micros, baseline, candidate),
  }));
  for (const r of results) console.log(`${r.scenario}: ${r.ratio.toFixed(3)}x`);
  if (json) console.log(JSON.stringify({ results }));
}

/**
 * The whole method for a script: reads its command line, times `variants` with `send` on `clock`
 * in alternating rounds, prints the medians under `title` (names padded to `width`) and, when
 * given, `comparisons`. Resolves to the per-round µs and the options, for a script's own report.
 */
export async function runInProcess({ title, variants, comparisons, send, clock, width = 32 }) {
  const options = inProcessOptions();
  const micros = await alternateRounds(variants, { ...options, send, clock });
  printMedians(title, micros, options, width);
  if (comparisons) printComparisons(micros, comparisons, options);
  return { micros, options };
}
