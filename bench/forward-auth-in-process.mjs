// Per-request cost of the two forward-auth endpoints with no sockets: nginx-shaped auth
// requests handed to each listener in this process over a null socket, one after another, all
// answered from the cache after the first. Prints µs per request and the ratio
// (baseline µs / candidate µs: above 1, forwardAuth is ahead).
//   npm run build && node bench/forward-auth-in-process.mjs [--json] [--rounds N] [--requests N]
import { once } from 'node:events';
import http from 'node:http';
import { Duplex } from 'node:stream';
import { baseline, candidate, nginxAuthHeaders } from './lib/forward-auth-variants.mjs';

const args = process.argv.slice(2);
const option = (name, fallback) => {
  const at = args.indexOf(name);
  return at === -1 ? fallback : Number(args[at + 1]);
};
const ROUNDS = option('--rounds', 7);
const REQUESTS = option('--requests', 20_000);
const HEADERS = {
  host: 'auth.internal',
  ...nginxAuthHeaders(`Basic ${Buffer.from('foo:bar').toString('base64')}`),
};
const RAW = Object.entries(HEADERS).flat();

class NullSocket extends Duplex {
  _read() {}
  _write(_chunk, _encoding, callback) {
    callback();
  }
  _writev(_chunks, callback) {
    callback();
  }
}

async function handle(listener) {
  const socket = new NullSocket();
  const req = new http.IncomingMessage(socket);
  req.method = 'GET';
  req.url = '/_forward_auth';
  req.httpVersion = '1.1';
  req.httpVersionMajor = 1;
  req.httpVersionMinor = 1;
  req.headers = { ...HEADERS };
  req.rawHeaders = RAW;
  req.complete = true;
  req.push(null);
  const res = new http.ServerResponse(req);
  res.assignSocket(socket);
  const finished = once(res, 'finish');
  listener(req, res);
  await finished;
  if (res.statusCode !== 200) throw new Error(`answered ${res.statusCode}, expected 200`);
}

async function measure(listener) {
  const start = process.hrtime.bigint();
  for (let i = 0; i < REQUESTS; i++) await handle(listener);
  return Number(process.hrtime.bigint() - start) / 1e3 / REQUESTS;
}

// The auth service each endpoint asks once (on loopback), before its cache answers the rest.
const service = http.createServer((req, res) => {
  req.resume();
  req.on('end', () => res.writeHead(200).end());
});
await new Promise((resolve) => service.listen(0, '127.0.0.1', resolve));
const checkUrl = `http://127.0.0.1:${service.address().port}/check`;

const variants = { 'hand-written node:http': baseline(checkUrl), forwardAuth: candidate(checkUrl) };
const median = (values) => [...values].sort((a, b) => a - b)[values.length >> 1];
const names = Object.keys(variants);
for (const name of names) await measure(variants[name]); // warm-up, and fills both caches
const rounds = Object.fromEntries(names.map((name) => [name, []]));
for (let round = 0; round < ROUNDS; round++) {
  for (const name of round % 2 ? [...names].reverse() : names) {
    rounds[name].push(await measure(variants[name]));
  }
}
service.close();

console.log(
  `forward auth in process: ${ROUNDS} rounds x ${REQUESTS} requests, node ${process.version}`,
);
for (const name of names) {
  console.log(`${name.padEnd(24)} ${median(rounds[name]).toFixed(2).padStart(7)} µs/request`);
}
const [base, cand] = names;
const ratio = median(rounds[base].map((b, i) => b / rounds[cand][i]));
console.log(`ratio (baseline µs / forwardAuth µs): ${ratio.toFixed(3)}x`);
if (args.includes('--json')) {
  const micros = (name) => median(rounds[name]);
  console.log(
    JSON.stringify({
      result: {
        baseline: base,
        candidate: cand,
        baselineMicros: micros(base),
        candidateMicros: micros(cand),
        ratio,
      },
    }),
  );
}
