import { exitWith, portFromEnv, type Running, StartupError, stopOnSignals } from './serve.js';

/** What an example of the seed's scenario brings: its auth service and its app. */
export interface SeedScenario {
  startAuthService(
    port: number,
    log: (line: string) => void,
  ): Promise<Running & { checkUrl: string }>;
  startApp(port: number, checkUrl: string): Promise<Running>;
}

const CREDENTIALS = 'Zm9vOmJhcg=='; // base64("foo:bar")

function printSession(url: string): void {
  console.log(`
Try the seed's curl session:
  curl -s -I ${url}/status/200
  curl -s -I ${url}/status/200 -H 'Authorization: basic ${CREDENTIALS}'
  curl -s ${url}/headers -H 'Authorization: basic ${CREDENTIALS}'
Press Ctrl-C to stop.`);
}

async function start(scenario: SeedScenario, only: string | undefined): Promise<Running[]> {
  if (only !== undefined && only !== 'auth-service') {
    throw new StartupError(
      `unknown argument ${JSON.stringify(only)}; the only one is "auth-service"`,
    );
  }
  const running: Running[] = [];
  try {
    let checkUrl = only === 'auth-service' ? undefined : process.env['AUTH_URL'];
    if (checkUrl === undefined) {
      const auth = await scenario.startAuthService(portFromEnv('AUTH_PORT', 10000), (line) =>
        console.log(`auth service: ${line}`),
      );
      running.push(auth);
      checkUrl = auth.checkUrl;
      console.log(`auth service listening on ${auth.checkUrl} (valid pair: foo:bar)`);
    }
    if (only !== 'auth-service') {
      const app = await scenario.startApp(portFromEnv('PORT', 8080), checkUrl);
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

/**
 * Starts the auth service and the app of the seed's scenario, as every such example does:
 * `PORT`, `AUTH_PORT` (0 picks a free port), `AUTH_URL` (ask that service instead of starting
 * one), the argument `auth-service` (start it alone), a clear line on a startup problem, Ctrl-C.
 */
export function runSeedScenario(scenario: SeedScenario): void {
  start(scenario, process.argv[2]).then(stopOnSignals, exitWith);
}
