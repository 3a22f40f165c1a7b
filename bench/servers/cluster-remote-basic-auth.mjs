// Candidate of the shared-cache scenario: WORKERS app processes (node:cluster) sharing one port,
// each with remoteBasicAuth and its in-process cache (ALLOW_TTL_MS); with REDIS_URL and
// CACHE_SECRET, the cache has the shared tier too. The primary prints `{"port":N}` once every
// worker listens; the workers exit with it.
import cluster from 'node:cluster';
import { filterChain } from '@streamfilter/express';
import { remoteBasicAuth } from '@streamfilter/filters';
import express from 'express';

const workers = Number(process.env.WORKERS ?? 1);

if (cluster.isPrimary) {
  let listening = 0;
  cluster.on('listening', (_worker, address) => {
    if (++listening === workers) console.log(JSON.stringify({ port: address.port }));
  });
  for (let i = 0; i < workers; i++) cluster.fork();
  const stop = () => {
    for (const worker of Object.values(cluster.workers ?? {})) worker?.kill();
    process.exit(0);
  };
  process.on('SIGTERM', stop);
  process.on('disconnect', stop);
} else {
  // Room for a loaded machine: past redisTimeoutMs an instance decides without Redis for a
  // second, which would count here as calls the shared tier did not save.
  const shared = process.env.REDIS_URL
    ? { redisUrl: process.env.REDIS_URL, secret: process.env.CACHE_SECRET, redisTimeoutMs: 1000 }
    : {};
  const auth = remoteBasicAuth({
    url: process.env.AUTH_URL,
    realm: 'bench',
    // Counting calls, not timing them: a busy machine must not turn slow checks into 503s.
    timeoutMs: 5000,
    cache: { allowTtlMs: Number(process.env.ALLOW_TTL_MS ?? 60_000), ...shared },
  });
  const app = express();
  app.disable('x-powered-by');
  app.disable('etag');
  app.use(filterChain([auth]));
  app.get('/', function hello(_req, res) {
    res.send('hello world');
  });
  app.listen(0, '127.0.0.1');
  process.on('disconnect', () => process.exit(0));
}
