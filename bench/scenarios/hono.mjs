// 8. The Hono adapter's own cost: bare Hono vs Hono with a one-filter chain, both on
// @hono/node-server, over HTTP, with a pass-through middleware as a reference for what any
// middleware costs Hono; then per request in process (bench/hono-in-process.mjs), where a bare
// fetch handler vs withFilters([noop]) is measured too.
import { interleave, ratioRow } from '../lib/compare.mjs';
import { microsRows, runInProcessScript } from '../lib/in-process-scenario.mjs';
import { requireBuilt } from '../lib/packages.mjs';
import { startServers, stopAll } from '../lib/server-process.mjs';

export default {
  name: 'hono',
  title: 'Hono and fetch adapters overhead',
  async run(profile) {
    requireBuilt('@streamfilter/hono');
    const servers = await startServers([['hono-bare'], ['hono-pass'], ['hono-noop']]);
    let rows;
    try {
      const [bare, pass, one] = servers;
      const results = await interleave(
        [
          { label: 'hono', url: bare.url },
          { label: 'hono + passThrough', url: pass.url },
          { label: 'filterChain([noop])', url: one.url },
        ],
        profile,
      );
      const row = (baseline, candidate, goal) =>
        ratioRow({
          scenario: 'Hono adapter (@hono/node-server)',
          baseline,
          candidate,
          results,
          goal,
        });
      rows = [
        row('hono', 'filterChain([noop])', 0.9),
        row('hono', 'hono + passThrough'),
        row('hono + passThrough', 'filterChain([noop])'),
      ];
    } finally {
      await stopAll(servers);
    }
    const inProcess = await runInProcessScript('hono-in-process.mjs', profile);
    rows.push(...microsRows(inProcess, { digits: 1, delta: false }));
    return rows;
  },
};
