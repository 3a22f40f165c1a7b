import type http from 'node:http';
import { listen, type Running } from '@streamfilter/example-support';

/** The seed's one valid pair. */
const USERS: Readonly<Record<string, string>> = Object.freeze({ foo: 'bar' });

function answer(res: http.ServerResponse, status: number, body: object): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(text),
  });
  res.end(text);
}

/**
 * The seed's auth service: `POST /check` with JSON `{"username","password"}` answers 200 for a
 * valid pair and 401 otherwise. It logs each check, never a password.
 */
export function check(req: http.IncomingMessage, res: http.ServerResponse): void {
  if (req.method !== 'POST' || req.url !== '/check') {
    answer(res, 404, { error: 'POST /check only' });
    return;
  }
  const chunks: Buffer[] = [];
  req.on('data', (chunk: Buffer) => chunks.push(chunk));
  req.on('end', () => {
    let parsed: { username?: unknown; password?: unknown } = {};
    try {
      parsed = JSON.parse(Buffer.concat(chunks).toString('utf8'));
    } catch {}
    const { username, password } = parsed ?? {};
    if (typeof username !== 'string' || typeof password !== 'string') {
      answer(res, 400, { error: 'expected JSON {"username": string, "password": string}' });
      return;
    }
    const allowed = Object.hasOwn(USERS, username) && USERS[username] === password;
    console.log(`auth service: check ${JSON.stringify(username)}: ${allowed ? '200' : '401'}`);
    answer(res, allowed ? 200 : 401, { allowed });
  });
}

/** Starts the auth service on 127.0.0.1 (default port 10000, where the filter asks). */
export function startAuthService(port: number): Promise<Running> {
  return listen(check, port, 'auth service', 'AUTH_PORT');
}
