// Starts the auth service and the app that nginx protects. Environment:
//   AUTH_PORT  the auth service's port (default 10000; 0 picks a free one)
//   APP_PORT   the app's port (default 3000; 0 picks a free one)
// Forward auth (`npm run forward-auth`) and nginx (`npm run nginx`) run in terminals of their own.

import { exitWith, portFromEnv, type Running, stopOnSignals } from '@streamfilter/example-support';
import { startApp } from './app.js';
import { startAuthService } from './auth-service.js';

async function main(): Promise<Running[]> {
  const auth = await startAuthService(portFromEnv('AUTH_PORT', 10000));
  console.log(`auth service listening on ${auth.url}/check (valid pair: foo:bar)`);
  let app: Running;
  try {
    app = await startApp(portFromEnv('APP_PORT', 3000));
  } catch (error) {
    await auth.close();
    throw error;
  }
  console.log(`app listening on ${app.url}`);
  console.log(`
Next, in two more terminals:
  npm run forward-auth --workspace examples/nginx-forward-auth   (127.0.0.1:9000)
  npm run nginx --workspace examples/nginx-forward-auth          (127.0.0.1:8080)
Then: curl -s -i http://127.0.0.1:8080/anything -u foo:bar
Press Ctrl-C to stop.`);
  return [auth, app];
}

main().then(stopOnSignals, exitWith);
