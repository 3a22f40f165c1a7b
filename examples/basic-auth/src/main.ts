// Starts the basic-auth example. PORT: the app's port (default 8080; 0 picks a free one).

import { exitWith, portFromEnv, stopOnSignals } from '@streamfilter/example-support';
import { startApp } from './app.js';

// A demo pair. In real code, read passwords from the environment or a secret store.
const users = { foo: 'bar' };

try {
  const app = await startApp(users, portFromEnv('PORT', 8080));
  console.log(`app listening on ${app.url} (user foo, password bar)
Try:
  curl -s -i ${app.url}/
  curl -s -i ${app.url}/ -u foo:bar
  curl -s -i ${app.url}/health
Press Ctrl-C to stop.`);
  stopOnSignals([app]);
} catch (error) {
  exitWith(error);
}
