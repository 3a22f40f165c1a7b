// An app instance with remoteBasicAuth sharing its decision cache through Redis, run as its own
// process by the shared-cache tests. Configured by environment; prints its URL when listening.
import { filterChain } from '@streamfilter/express';
import { remoteBasicAuth } from '@streamfilter/filters';
import express from 'express';

const env = (name: string) => process.env[name] ?? '';

const auth = remoteBasicAuth({
  url: env('AUTH_URL'),
  identityHeader: 'x-authenticated-user',
  copyResponseHeaders: ['x-roles'],
  cache: {
    redisUrl: env('REDIS_URL'),
    secret: env('CACHE_SECRET'),
    allowTtlMs: Number(env('ALLOW_TTL_MS') || 60_000),
    denyTtlMs: Number(env('DENY_TTL_MS') || 60_000),
    redisTimeoutMs: Number(env('REDIS_TIMEOUT_MS') || 100),
    ...(process.env.LOCAL_MAX_ENTRIES && { maxEntries: Number(env('LOCAL_MAX_ENTRIES')) }),
  },
});

const app = express();
app.get('/stats', (_req, res) => {
  res.json(auth.stats);
});
app.use(filterChain([auth]));
app.get('/', (req, res) => {
  res.json({ user: req.headers['x-authenticated-user'], roles: req.headers['x-roles'] });
});

const server = app.listen(0, '127.0.0.1', () => {
  const address = server.address();
  if (address !== null && typeof address === 'object') {
    console.log(`listening http://127.0.0.1:${address.port}`);
  }
});
process.on('SIGTERM', () => {
  server.close();
  void auth.close();
});
