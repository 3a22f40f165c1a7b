// Per-request cost of the two forward-auth endpoints with no sockets: nginx-shaped auth
// requests handed to each listener in this process over a null socket, one after another, all
// answered from the cache after the first. Prints µs per request and the ratio
// (baseline µs / candidate µs: above 1, forwardAuth is ahead).
//   npm run build && node bench/forward-auth-in-process.mjs [--json] [--rounds N] [--requests N]
import http from 'node:http';
import { baseline, candidate, nginxAuthHeaders } from './lib/forward-auth-variants.mjs';
import { median, nodeRequest, ratioOf, runInProcess, wallTime } from './lib/in-process.mjs';

const HEADERS = {
  host: 'auth.internal',
  ...nginxAuthHeaders(`Basic ${Buffer.from('foo:bar').toString('base64')}`),
};

// The auth service each endpoint asks once (on loopback), before its cache answers the rest.
const service = http.createServer((req, res) => {
  req.resume();
  req.on('end', () => res.writeHead(200).end());
});
await new Promise((resolve) => service.listen(0, '127.0.0.1', resolve));
const checkUrl = `http://127.0.0.1:${service.address().port}/check`;

const variants = { 'hand-written node:http': baseline(checkUrl), forwardAuth: candidate(checkUrl) };
const { micros, options } = await runInProcess({
  title: 'forward auth in process',
  variants,
  send: nodeRequest({ url: '/_forward_auth', headers: HEADERS }),
  clock: wallTime, // the warm-up also fills both caches
  width: 24,
});
service.close();

const [base, cand] = Object.keys(variants);
const ratio = ratioOf(micros, base, cand);
console.log(`ratio (baseline µs / forwardAuth µs): ${ratio.toFixed(3)}x`);
if (options.json) {
  console.log(
    JSON.stringify({
      result: {
        baseline: base,
        candidate: cand,
        baselineMicros: median(micros[base]),
        candidateMicros: median(micros[cand]),
        ratio,
      },
    }),
  );
}
