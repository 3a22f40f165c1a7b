// Load from autocannon against a loopback server, in this (the orchestrator's) process, never
// in the server's. Every response must be a 2xx, or the run is void.
import autocannon from 'autocannon';

export const CONNECTIONS = 10;

/**
 * Starts `seconds` of load (or `amount` requests), each connection cycling through `requests`
 * when given. The returned autocannon instance emits `response` per response, and resolves to
 * autocannon's result.
 */
export function startLoad(url, { seconds, amount, headers = {}, requests }) {
  if (!url.startsWith('http://127.0.0.1:')) {
    throw new Error(`refusing to load ${url}: loopback only`);
  }
  return autocannon({
    url,
    connections: CONNECTIONS,
    pipelining: 1,
    headers,
    ...(requests && { requests }),
    ...(amount ? { amount } : { duration: seconds }),
  });
}

/** req/s and latency of a finished run; throws when a request failed or was not a 2xx. */
export function summarize(result) {
  const bad = result.non2xx + result.errors + result.timeouts;
  if (bad > 0) {
    const codes = Object.keys(result.statusCodeStats ?? {}).join(', ');
    throw new Error(
      `${result.url}: ${result.non2xx} non-2xx (status ${codes}), ${result.errors} errors, ${result.timeouts} timeouts`,
    );
  }
  return {
    rps: result.requests.average,
    requests: result.requests.total,
    p50: result.latency.p50,
    p99: result.latency.p99,
  };
}

/** Runs load to the end; a fast 401 is not a result, so any non-2xx throws. */
export async function load(url, options) {
  return summarize(await startLoad(url, options));
}
