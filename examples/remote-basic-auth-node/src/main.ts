// Starts the auth service and the app, as in the seed, on plain node:http. Environment:
//   PORT       the app's port (default 8080; 0 picks a free one)
//   AUTH_PORT  the auth service's port (default 10000; 0 picks a free one)
//   AUTH_URL   use this check URL instead of starting the auth service
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
      const auth = await startAuthService(portFromEnv('AUTH_PORT', 10000), (line) =>
        console.log(`auth service: ${line}`),
      );
      running.push(auth);
      checkUrl = auth.checkUrl;
      console.log(`auth service listening on ${auth.checkUrl} (valid pair: foo:bar)`);
    }
    if (only !== 'auth-service') {
      const app = await startApp(portFromEnv('PORT', 8080), checkUrl);
      running.push(app);
      console.log(`app listening on ${app.url} (remoteBasicAuth asks ${checkUrl})`);
      console.log('Press Ctrl-C to stop.');
    }
  } catch (error) {
    await Promise.all(running.map((server) => server.close()));
    throw error;
  }
  return running;
}

main().then(stopOnSignals, exitWith);
