import cluster from 'node:cluster';
import { filterChain } from '@streamfilter/express';
import { remoteBasicAuth } from '@streamfilter/filters';
import express from 'express';

export interface AppOptions {
  /** The auth service's check endpoint. */
  checkUrl: string;
  /** Where the instances share their decisions, e.g. `redis://127.0.0.1:6379`. */
  redisUrl: string;
  /** The same random secret on every instance: it names the shared entries. */
  secret: string;
  /** How long a Redis command may take before a check goes on without it (default 100 ms). */
  redisTimeoutMs?: number;
}

/**
 * One instance of the app: every route behind `remoteBasicAuth`, whose decisions are kept in
 * this process and shared with the other instances through Redis. `/headers` says which
 * instance answered; `/stats` shows that instance's counters.
 */
export function createApp(options: AppOptions): express.Express {
  const { checkUrl, redisUrl, secret, redisTimeoutMs } = options;
  const auth = remoteBasicAuth({
    url: checkUrl,
    identityHeader: 'x-authenticated-user',
    cache: { redisUrl, secret, redisTimeoutMs },
  });
  const instance = cluster.worker?.id ?? 0;
  const app = express();
  app.disable('x-powered-by');
  app.set('json spaces', 2);
  app.use(filterChain([auth]));
  app.get('/headers', (req, res) => {
    res.json({ instance, headers: req.headers });
  });
  app.get('/stats', (_req, res) => {
    res.json({ instance, stats: auth.stats });
  });
  return app;
}
