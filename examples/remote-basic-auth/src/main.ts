// Starts the auth service and the app, as in the seed. Environment:
//   PORT       the app's port (default 8080; 0 picks a free one)
//   AUTH_PORT  the auth service's port (default 10000; 0 picks a free one)
//   AUTH_URL   use this check URL instead of starting the auth service
//   TRACE      1 prints each request's trace (OpenTelemetry spans) on stdout
// `node --import tsx src/main.ts auth-service` starts the auth service alone.

import { runSeedScenario } from '@streamfilter/example-support';
import { startApp } from './app.js';
import { startAuthService } from './auth-service.js';

if (process.env['TRACE'] === '1') await import('./tracing.js');

runSeedScenario({
  startAuthService: (port, log) => startAuthService({ port, log }),
  startApp: (port, checkUrl) => startApp({ port, checkUrl }),
});
