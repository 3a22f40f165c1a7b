// 4. remoteBasicAuth with its decision cache vs express-basic-auth (a local check).

import { startAuthService } from '../lib/auth-service.mjs';
import { interleave, ratioRow } from '../lib/compare.mjs';
import { requireBuilt } from '../lib/packages.mjs';
import { startServers, stopAll } from '../lib/server-process.mjs';
import { authorization } from '../servers/users.mjs';

export default {
  name: 'remote-auth-cache',
  title: 'remoteBasicAuth (cache) vs express-basic-auth',
  async run(profile) {
    requireBuilt('@streamfilter/filters');
    const { service, checkUrl } = await startAuthService();
    const env = { AUTH_URL: checkUrl, AUTH_CACHE: '1' };
    const servers = [service];
    try {
      servers.push(
        ...(await startServers([['express-basic-auth'], ['remote-basic-auth', { env }]])),
      );
      const headers = { authorization };
      const results = await interleave(
        [
          { label: 'express-basic-auth', url: servers[1].url, headers },
          { label: 'remoteBasicAuth + cache', url: servers[2].url, headers },
        ],
        profile,
      );
      return [
        ratioRow({
          scenario: 'Remote Basic Auth, cache on',
          baseline: 'express-basic-auth',
          candidate: 'remoteBasicAuth + cache',
          results,
          goal: 0.9,
        }),
      ];
    } finally {
      await stopAll(servers);
    }
  },
};
