// Starts the custom-filter example. PORT: the app's port (default 8080; 0 picks a free one).

import { exitWith, portFromEnv, stopOnSignals } from '@streamfilter/example-support';
import { startApp } from './app.js';

try {
  const app = await startApp(portFromEnv('PORT', 8080));
  console.log(`app listening on ${app.url}
API keys: free-key (alice, free plan), pro-key (bob, pro plan)
Try:
  curl -s -i ${app.url}/api/hello -H 'x-api-key: free-key'
  curl -s -i ${app.url}/pro/report -H 'x-api-key: free-key'
  curl -s -i ${app.url}/pro/report -H 'x-api-key: pro-key'
  curl -s -i ${app.url}/api/echo -H 'x-api-key: free-key' -d 'no spam please'
Press Ctrl-C to stop.`);
  stopOnSignals([app]);
} catch (error) {
  exitWith(error);
}
