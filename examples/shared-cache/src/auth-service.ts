import { listen, type Running } from '@streamfilter/example-support';
import express from 'express';

/** The seed's one valid pair. */
const USERS: Readonly<Record<string, string>> = Object.freeze({ foo: 'bar' });

/**
 * The seed's auth service: `POST /check` with JSON `{"username","password"}` answers 200 for
 * `foo:bar`, 401 otherwise. It logs each check it gets (never a password), so you can see how
 * few reach it when the instances share their decisions.
 */
export async function startAuthService(
  port: number,
  log: (line: string) => void,
): Promise<Running & { checkUrl: string }> {
  const app = express();
  app.disable('x-powered-by');
  app.post('/check', express.json({ limit: '4kb' }), (req, res) => {
    const { username, password } = (req.body ?? {}) as Record<string, unknown>;
    const allowed =
      typeof username === 'string' &&
      Object.hasOwn(USERS, username) &&
      USERS[username] === password;
    log(`check ${JSON.stringify(username)}: ${allowed ? '200 allowed' : '401 denied'}`);
    res.status(allowed ? 200 : 401).json({ allowed });
  });
  const running = await listen(app, port, 'auth service', 'AUTH_PORT');
  return { ...running, checkUrl: `${running.url}/check` };
}
