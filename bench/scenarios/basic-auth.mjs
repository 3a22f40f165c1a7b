// 2. basicAuth vs express-basic-auth, same users map, valid credentials.
import { interleave, ratioRow } from '../lib/compare.mjs';
import { requireBuilt } from '../lib/packages.mjs';
import { startServers, stopAll } from '../lib/server-process.mjs';
import { authorization } from '../servers/users.mjs';

export default {
  name: 'basic-auth',
  title: 'basicAuth vs express-basic-auth',
  async run(profile) {
    requireBuilt('@streamfilter/filters');
    const servers = await startServers([['express-basic-auth'], ['basic-auth']]);
    try {
      const headers = { authorization };
      const results = await interleave(
        [
          { label: 'express-basic-auth', url: servers[0].url, headers },
          { label: 'basicAuth', url: servers[1].url, headers },
        ],
        profile,
      );
      return [
        ratioRow({
          scenario: 'Basic Auth',
          baseline: 'express-basic-auth',
          candidate: 'basicAuth',
          results,
          goal: 1.0,
        }),
      ];
    } finally {
      await stopAll(servers);
    }
  },
};
