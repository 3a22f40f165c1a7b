import { listenOn, type Running } from '@streamfilter/example-support';
import { safeCompare } from '@streamfilter/filters';
import Fastify, { type FastifyInstance } from 'fastify';

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
 * The auth service of the seed, on Fastify: `POST /check` with JSON `{"username","password"}`
 * answers 200 for a valid pair and 401 otherwise (400 for a body that is not such JSON).
 */
export function createAuthService(options: AuthServiceOptions = {}): FastifyInstance {
  const users = options.users ?? USERS;
  const log = options.log ?? (() => {});
  const app = Fastify({ bodyLimit: 4096 });
  app.post('/check', async (request, reply) => {
    const { username, password } = (request.body ?? {}) as Record<string, unknown>;
    if (typeof username !== 'string' || typeof password !== 'string') {
      log('check: 400 (body is not {"username","password"})');
      return reply
        .code(400)
        .send({ error: 'expected JSON {"username": string, "password": string}' });
    }
    const known = Object.hasOwn(users, username) ? users[username]! : undefined;
    const allowed = known !== undefined && safeCompare(known, password);
    log(`check ${JSON.stringify(username)}: ${allowed ? '200 allowed' : '401 denied'}`);
    return reply.code(allowed ? 200 : 401).send({ allowed });
  });
  return app;
}

/** Starts the auth service on 127.0.0.1. */
export async function startAuthService(
  options: AuthServiceOptions = {},
): Promise<RunningAuthService> {
  const app = createAuthService(options);
  await app.ready();
  const running = await listenOn(app.server, options.port ?? 10000, 'auth service', 'AUTH_PORT');
  return { ...running, checkUrl: `${running.url}/check` };
}
