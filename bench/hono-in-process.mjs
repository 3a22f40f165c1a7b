// Per-request cost of Hono with and without a one-filter chain, with no sockets: requests are
// handed to `app.fetch` in this process, one after another, each response read to its end, and
// timed in CPU time. A bare fetch handler with and without `withFilters` is measured the same way.
//   npm run build && node bench/hono-in-process.mjs [--json] [--rounds N] [--requests N]
import { withFilters } from '@streamfilter/fetch';
import { filterChain } from '@streamfilter/hono';
import { Hono } from 'hono';
import { cpuTime, fetchRequest, runInProcess } from './lib/in-process.mjs';
import { noop } from './servers/sync-filters.mjs';

function hono(middleware) {
  const app = new Hono();
  if (middleware) app.use(middleware);
  app.get('/', (c) => c.text('hello world'));
  return app.fetch;
}

const hello = () => new Response('hello world');
// What any middleware costs Hono: one that only awaits next().
async function passThrough(_c, next) {
  await next();
}

const variants = {
  hono: hono(),
  'hono + passThrough': hono(passThrough),
  'filterChain([noop])': hono(filterChain([noop()])),
  'fetch handler': hello,
  'withFilters([noop])': withFilters([noop()], hello),
};
const comparisons = [
  ['Hono adapter (in-process)', 'hono', 'filterChain([noop])', 0.9],
  ['Hono, any middleware (in-process)', 'hono', 'hono + passThrough'],
  [
    'Hono adapter vs a pass-through middleware (in-process)',
    'hono + passThrough',
    'filterChain([noop])',
  ],
  ['Fetch adapter (in-process)', 'fetch handler', 'withFilters([noop])', 0.9],
];

await runInProcess({
  title: 'hono in-process',
  variants,
  comparisons,
  send: fetchRequest,
  clock: cpuTime,
  width: 24,
});
