// 8. forwardAuth serving remoteBasicAuth (cache on) vs a hand-written node:http auth endpoint
// doing the same check with its own cache: nginx-shaped auth requests, over HTTP and in process.
import { fileURLToPath } from 'node:url';
import { startAuthService } from '../lib/auth-service.mjs';
import { interleave, ratioRow } from '../lib/compare.mjs';
import { nginxAuthHeaders } from '../lib/forward-auth-variants.mjs';
import { requireBuilt } from '../lib/packages.mjs';
import { runJsonScript } from '../lib/script.mjs';
import { startServers, stopAll } from '../lib/server-process.mjs';
import { authorization } from '../servers/users.mjs';

const SCRIPT = fileURLToPath(new URL('../forward-auth-in-process.mjs', import.meta.url));
const BASELINE = 'hand-written node:http';
const CANDIDATE = 'forwardAuth + cache';

export default {
  name: 'forward-auth',
  title: 'forwardAuth (remoteBasicAuth, cache) vs a hand-written auth endpoint',
  async run(profile) {
    requireBuilt('@streamfilter/filters');
    requireBuilt('@streamfilter/node');
    const { service, checkUrl } = await startAuthService();
    const servers = [service];
    const rows = [];
    try {
      const env = { AUTH_URL: checkUrl };
      servers.push(
        ...(await startServers([
          ['hand-forward-auth', { env }],
          ['forward-auth', { env }],
        ])),
      );
      const headers = nginxAuthHeaders(authorization);
      const results = await interleave(
        [
          { label: BASELINE, url: `${servers[1].url}/_forward_auth`, headers },
          { label: CANDIDATE, url: `${servers[2].url}/_forward_auth`, headers },
        ],
        profile,
      );
      rows.push(
        ratioRow({
          scenario: 'Forward auth, cache on',
          baseline: BASELINE,
          candidate: CANDIDATE,
          results,
          goal: 1.0,
        }),
      );
    } finally {
      await stopAll(servers);
    }
    const args = profile.quick ? ['--json', '--rounds', '3', '--requests', '5000'] : ['--json'];
    const { result: r } = await runJsonScript(SCRIPT, args);
    rows.push({
      scenario: 'Forward auth, cache on (in-process)',
      baseline: BASELINE,
      baselineValue: `${r.baselineMicros.toFixed(1)} µs/req`,
      candidate: CANDIDATE,
      candidateValue: `${r.candidateMicros.toFixed(1)} µs/req`,
      ratio: `${r.ratio.toFixed(3)}×`,
      goal: '≥ 1.00×',
      met: r.ratio >= 1 ? 'yes' : 'no',
    });
    return rows;
  },
};
