// Per-request cost of @streamfilter/node's withFilters around a bare node:http listener, with no
// sockets: requests are handed to each listener in this process as IncomingMessage /
// ServerResponse pairs over a null socket, one after another (the method of in-process.mjs,
// timed in CPU time rather than wall time). Raw node:http costs a few µs per request here, so
// this is where the chain's own cost shows.
//   npm run build && node bench/node-http.mjs [--json] [--rounds N] [--requests N]
import { withFilters } from '@streamfilter/node';
import { cpuTime, nodeRequest, runInProcess } from './lib/in-process.mjs';
import { noop } from './servers/sync-filters.mjs';

function hello(_req, res) {
  res.end('hello world');
}

const variants = {
  'node:http listener': hello,
  'withFilters([noop])': withFilters([noop()], hello),
  'withFilters(3 sync filters)': withFilters(
    [noop('noop-1'), noop('noop-2'), noop('noop-3')],
    hello,
  ),
};
const comparisons = [
  ['node:http adapter (in-process)', 'node:http listener', 'withFilters([noop])', 0.95],
  [
    'node:http adapter, three sync filters (in-process)',
    'node:http listener',
    'withFilters(3 sync filters)',
    0.9,
  ],
];

await runInProcess({
  title: 'node-http',
  variants,
  comparisons,
  send: nodeRequest({ headers: { host: 'localhost', accept: '*/*' } }),
  clock: cpuTime,
});
