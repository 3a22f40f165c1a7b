// The seed's scenario on a cluster: WORKERS app instances (node:cluster) on one port, sharing
// remoteBasicAuth's decisions through Redis, and the auth service they ask. Environment:
//   PORT          the app's port (default 8080; 0 picks a free one)
//   AUTH_PORT     the auth service's port (default 10000; 0 picks a free one)
//   WORKERS       how many app instances (default 2)
//   REDIS_URL     where the instances share decisions (default redis://127.0.0.1:6379)
//   CACHE_SECRET  the secret the instances share (default: a random one for this run)
//   REDIS_TIMEOUT_MS  how long a Redis command may take before a check goes without it (100)

import cluster from 'node:cluster';
import { randomBytes } from 'node:crypto';
import {
  exitWith,
  HOST,
  listen,
  portFromEnv,
  StartupError,
  stopOnSignals,
} from '@streamfilter/example-support';
import { createApp } from './app.js';
import { startAuthService } from './auth-service.js';

function workerCount(): number {
  const raw = process.env['WORKERS'] ?? '2';
  const count = Number(raw);
  if (!/^\d+$/.test(raw) || count < 1 || count > 64) {
    throw new StartupError(`WORKERS must be a number from 1 to 64, got ${JSON.stringify(raw)}`);
  }
  return count;
}

/** Forks the instances; resolves with the port once every one of them listens. */
function forkInstances(count: number, env: Record<string, string>): Promise<number> {
  return new Promise((resolve, reject) => {
    let listening = 0;
    cluster.on('listening', (_worker, address) => {
      if (++listening === count) resolve(address.port);
    });
    cluster.on('exit', (_worker, code) => {
      if (listening < count)
        reject(new StartupError(`an app instance exited (${code}) at startup`));
    });
    for (let i = 0; i < count; i++) cluster.fork(env);
  });
}

async function primary() {
  const count = workerCount();
  const redisUrl = process.env['REDIS_URL'] ?? 'redis://127.0.0.1:6379';
  const secret = process.env['CACHE_SECRET'] ?? randomBytes(32).toString('base64');
  const auth = await startAuthService(portFromEnv('AUTH_PORT', 10000), (line) =>
    console.log(`auth service: ${line}`),
  );
  console.log(`auth service listening on ${auth.checkUrl} (valid pair: foo:bar)`);
  const port = portFromEnv('PORT', 8080);
  const env = {
    PORT: String(port),
    CHECK_URL: auth.checkUrl,
    REDIS_URL: redisUrl,
    CACHE_SECRET: secret,
  };
  let appPort: number;
  try {
    appPort = await forkInstances(count, env);
  } catch (error) {
    await auth.close();
    throw error;
  }
  // The host only: a Redis URL may hold a password.
  const redisHost = new URL(redisUrl).host;
  console.log(
    `app listening on http://${HOST}:${appPort} (${count} instances sharing decisions through Redis at ${redisHost})`,
  );
  console.log(`
Ask twice, on new connections (each may reach another instance); the auth service sees one check:
  curl -s http://${HOST}:${appPort}/headers -u foo:bar
  curl -s http://${HOST}:${appPort}/stats -u foo:bar
Press Ctrl-C to stop.`);
  const instances = {
    url: `http://${HOST}:${appPort}`,
    port: appPort,
    async close() {
      const workers = Object.values(cluster.workers ?? {}).filter((w) => w !== undefined);
      const exited = workers.map((w) => new Promise((done) => w.once('exit', done)));
      for (const worker of workers) worker.kill();
      await Promise.all(exited);
    },
  };
  return [instances, auth];
}

async function instance() {
  const timeout = process.env['REDIS_TIMEOUT_MS'];
  const app = createApp({
    checkUrl: process.env['CHECK_URL'] ?? '',
    redisUrl: process.env['REDIS_URL'] ?? '',
    secret: process.env['CACHE_SECRET'] ?? '',
    redisTimeoutMs: timeout === undefined ? undefined : Number(timeout),
  });
  const running = await listen(app, portFromEnv('PORT', 8080), 'app', 'PORT');
  // The primary stops the instances; an instance whose primary is gone stops too.
  process.on('disconnect', () => void running.close().then(() => process.exit(0)));
}

if (cluster.isPrimary) primary().then(stopOnSignals, exitWith);
else instance().catch(exitWith);
