// 1. The Express adapter's own cost: bare Express vs a one-filter chain vs three filters.
import { interleave, ratioRow } from '../lib/compare.mjs';
import { requireBuilt } from '../lib/packages.mjs';
import { startServers, stopAll } from '../lib/server-process.mjs';

export default {
  name: 'express',
  title: 'Express adapter overhead',
  async run(profile) {
    requireBuilt('@streamfilter/express');
    const servers = await startServers([['bare'], ['chain-noop'], ['chain-three']]);
    try {
      const [bare, one, three] = servers;
      const results = await interleave(
        [
          { label: 'express', url: bare.url },
          { label: 'filterChain([noop])', url: one.url },
          { label: 'filterChain(3 sync filters)', url: three.url },
        ],
        profile,
      );
      const row = (candidate, goal) =>
        ratioRow({ scenario: 'Express adapter', baseline: 'express', candidate, results, goal });
      return [row('filterChain([noop])', 0.95), row('filterChain(3 sync filters)')];
    } finally {
      await stopAll(servers);
    }
  },
};
