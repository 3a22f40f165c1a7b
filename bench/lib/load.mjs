// One load run with autocannon against a loopback server, in this (the orchestrator's) process,
// never in the server's. Every response must be a 2xx, or the run is void.
import autocannon from 'autocannon';

export const CONNECTIONS = 10;

/**
 * Runs `seconds` of load (or `amount` requests) and returns req/s and latency.
 * Throws when a request failed or answered anything but 2xx: a fast 401 is not a result.
 */
export async function load(url, { seconds, amount, headers = {} }) {
  if (!url.startsWith('http://127.0.0.1:'))
    throw new Error(`refusing to load ${url}: loopback only`);
  const result = await autocannon({
    url,
    connections: CONNECTIONS,
    pipelining: 1,
    headers,
    ...(amount ? { amount } : { duration: seconds }),
  });
  const bad = result.non2xx + result.errors + result.timeouts;
  if (bad > 0) {
    const codes = Object.keys(result.statusCodeStats ?? {}).join(', ');
    throw new Error(
      `${url}: ${result.non2xx} non-2xx (status ${codes}), ${result.errors} errors, ${result.timeouts} timeouts`,
    );
  }
  return {
    rps: amount ? result.requests.total / result.duration : result.requests.average,
    requests: result.requests.total,
    p50: result.latency.p50,
    p99: result.latency.p99,
  };
}
