// 3. remoteBasicAuth without a cache vs a hand-written axios middleware, same auth service.

import { startAuthService } from '../lib/auth-service.mjs';
import { interleave, ratioRow } from '../lib/compare.mjs';
import { requireBuilt } from '../lib/packages.mjs';
import { startServers, stopAll } from '../lib/server-process.mjs';
import { authorization } from '../servers/users.mjs';

export default {
  name: 'remote-auth',
  title: 'remoteBasicAuth (no cache) vs axios middleware',
  async run(profile) {
    requireBuilt('@streamfilter/filters');
    const { service, checkUrl } = await startAuthService();
    const env = { AUTH_URL: checkUrl, AUTH_CACHE: '0' };
    const servers = [service];
    try {
      servers.push(
        ...(await startServers([
          ['axios-auth', { env }],
          ['remote-basic-auth', { env }],
        ])),
      );
      const headers = { authorization };
      const results = await interleave(
        [
          { label: 'axios middleware', url: servers[1].url, headers },
          { label: 'remoteBasicAuth', url: servers[2].url, headers },
        ],
        profile,
      );
      return [
        ratioRow({
          scenario: 'Remote Basic Auth, no cache',
          baseline: 'axios middleware',
          candidate: 'remoteBasicAuth',
          results,
          goal: 1.0,
        }),
      ];
    } finally {
      await stopAll(servers);
    }
  },
};
