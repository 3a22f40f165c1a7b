import type http from 'node:http';
import { listen, type Running } from '@streamfilter/example-support';

/** The seed's one valid pair. */
export const USERS: Readonly<Record<string, string>> = Object.freeze({ foo: 'bar' });

/** Where to write one line per check (never the password). */
export type CheckLog = (line: string) => void;

const MAX_BODY = 4096;

function answer(res: http.ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}

/** The `{"username","password"}` pair a body holds, or `undefined`. */
function credentialsOf(body: string): { username: string; password: string } | undefined {
  try {
    const { username, password } = JSON.parse(body) as Record<string, unknown>;
    if (typeof username === 'string' && typeof password === 'string') {
      return { username, password };
    }
  } catch {}
  return undefined;
}

/**
 * The auth service of the seed, on node:http: `POST /check` with JSON
 * `{"username","password"}` answers 200 for a valid pair and 401 otherwise (400 for a body that
 * is not such JSON, 404 elsewhere).
 */
export function authService(log: CheckLog = () => {}): http.RequestListener {
  return (req, res) => {
    if (req.method !== 'POST' || req.url !== '/check') {
      answer(res, 404, { error: 'not found' });
      return;
    }
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (chunk: string) => {
      body += chunk;
      if (body.length > MAX_BODY) req.destroy();
    });
    req.on('end', () => {
      const pair = credentialsOf(body);
      if (pair === undefined) {
        log('check: 400 (body is not {"username","password"})');
        answer(res, 400, { error: 'expected JSON {"username": string, "password": string}' });
        return;
      }
      const allowed = Object.hasOwn(USERS, pair.username) && USERS[pair.username] === pair.password;
      log(`check ${JSON.stringify(pair.username)}: ${allowed ? '200 allowed' : '401 denied'}`);
      answer(res, allowed ? 200 : 401, { allowed });
    });
  };
}

/** Starts the auth service on 127.0.0.1; `checkUrl` is what `remoteBasicAuth` asks. */
export async function startAuthService(
  port: number,
  log?: CheckLog,
): Promise<Running & { checkUrl: string }> {
  const running = await listen(authService(log), port, 'auth service', 'AUTH_PORT');
  return { ...running, checkUrl: `${running.url}/check` };
}
