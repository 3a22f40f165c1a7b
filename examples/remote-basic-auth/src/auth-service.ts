import { listen, type Running } from '@streamfilter/example-support';
import express, { type ErrorRequestHandler } from 'express';

/** The seed's one valid pair. */
export const USERS: Readonly<Record<string, string>> = Object.freeze({ foo: 'bar' });

export interface AuthServiceOptions {
  /** Default 10000; 0 picks a free port. */
  port?: number;
  users?: Readonly<Record<string, string>>;
  /** Where to write one line per check (never the password). Default: nowhere. */
  log?: (line: string) => void;
}

export interface RunningAuthService extends Running {
  /** The URL to give `remoteBasicAuth`, e.g. `http://127.0.0.1:10000/check`. */
  checkUrl: string;
}

/**
 * The auth service of the seed: `POST /check` with JSON `{"username","password"}` answers 200
 * for a valid pair and 401 otherwise (400 for a body that is not such JSON).
 */
export function createAuthService(options: AuthServiceOptions = {}): express.Express {
  const users = options.users ?? USERS;
  const log = options.log ?? (() => {});
  const app = express();
  app.disable('x-powered-by');
  app.set('etag', false);
  app.post('/check', express.json({ limit: '4kb' }), (req, res) => {
    const { username, password } = (req.body ?? {}) as Record<string, unknown>;
    if (typeof username !== 'string' || typeof password !== 'string') {
      log('check: 400 (body is not {"username","password"})');
      res.status(400).json({ error: 'expected JSON {"username": string, "password": string}' });
      return;
    }
    const allowed = Object.hasOwn(users, username) && users[username] === password;
    log(`check ${JSON.stringify(username)}: ${allowed ? '200 allowed' : '401 denied'}`);
    res.status(allowed ? 200 : 401).json({ allowed });
  });
  const badJson: ErrorRequestHandler = (error, _req, res, _next) => {
    const status = Number((error as { status?: unknown }).status) || 500;
    res.status(status).json({ error: status === 500 ? 'internal error' : 'bad request' });
  };
  app.use(badJson);
  return app;
}

/** Starts the auth service on 127.0.0.1. */
export async function startAuthService(
  options: AuthServiceOptions = {},
): Promise<RunningAuthService> {
  const running = await listen(
    createAuthService(options),
    options.port ?? 10000,
    'auth service',
    'AUTH_PORT',
  );
  return { ...running, checkUrl: `${running.url}/check` };
}
