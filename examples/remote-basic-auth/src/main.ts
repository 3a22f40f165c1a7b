// Starts the auth service and the app, as in the seed. Environment:
//   PORT       the app's port (default 8080; 0 picks a free one)
//   AUTH_PORT  the auth service's port (default 10000; 0 picks a free one)
//   AUTH_URL   use this check URL instead of starting the auth service
//   TRACE      1 prints each request's trace (OpenTelemetry spans) on stdout
// `node --import tsx src/main.ts auth-service` starts the auth service alone.

import {
  exitWith,
  portFromEnv,
  type Running,
  StartupError,
  stopOnSignals,
} from '@streamfilter/example-support';
import { startApp } from './app.js';
import { startAuthService } from './auth-service.js';

if (process.env['TRACE'] === '1') await import('./tracing.js');

const CREDENTIALS = 'Zm9vOmJhcg=='; // base64("foo:bar")

function printSession(url: string): void {
  console.log(`
Try the seed's curl session:
  curl -s -I ${url}/status/200
  curl -s -I ${url}/status/200 -H 'Authorization: basic ${CREDENTIALS}'
  curl -s ${url}/headers -H 'Authorization: basic ${CREDENTIALS}'
Press Ctrl-C to stop.`);
}

async function main(): Promise<Running[]> {
  const only = process.argv[2];
  if (only !== undefined && only !== 'auth-service') {
    throw new StartupError(
      `unknown argument ${JSON.stringify(only)}; the only one is "auth-service"`,
    );
  }
  const running: Running[] = [];
  try {
    let checkUrl = only === 'auth-service' ? undefined : process.env['AUTH_URL'];
    if (checkUrl === undefined) {
      const auth = await startAuthService({
        port: portFromEnv('AUTH_PORT', 10000),
        log: (line) => console.log(`auth service: ${line}`),
      });
      running.push(auth);
      checkUrl = auth.checkUrl;
      console.log(`auth service listening on ${auth.checkUrl} (valid pair: foo:bar)`);
    }
    if (only !== 'auth-service') {
      const app = await startApp({ port: portFromEnv('PORT', 8080), checkUrl });
      running.push(app);
      console.log(`app listening on ${app.url} (remoteBasicAuth asks ${checkUrl})`);
      printSession(app.url);
    }
  } catch (error) {
    await Promise.all(running.map((server) => server.close()));
    throw error;
  }
  return running;
}

main().then(stopOnSignals, exitWith);
