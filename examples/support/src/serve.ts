import http from 'node:http';
import type { AddressInfo } from 'node:net';

/** Loopback only: this is a demo, not something to expose. */
export const HOST = '127.0.0.1';

/** A server that is listening, and how to stop it. */
export interface Running {
  /** e.g. `http://127.0.0.1:8080` */
  url: string;
  port: number;
  close(): Promise<void>;
}

/** A startup problem the user can fix; printed without a stack trace. */
export class StartupError extends Error {
  override name = 'StartupError';
}

/** A port from the environment: `fallback` when unset, `0` for any free port. */
export function portFromEnv(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const port = Number(raw);
  if (!/^\d+$/.test(raw) || port > 65535) {
    throw new StartupError(
      `${name} must be a port number from 0 to 65535, got ${JSON.stringify(raw)}`,
    );
  }
  return port;
}

/** Listens on `HOST:port`; a taken port becomes a `StartupError` that says which variable to set. */
export function listen(
  handler: http.RequestListener,
  port: number,
  label: string,
  portVariable: string,
): Promise<Running> {
  return listenOn(http.createServer(handler), port, label, portVariable);
}

/** `listen()` for a server a framework created (Fastify's `app.server`, after `app.ready()`). */
export function listenOn(
  server: http.Server,
  port: number,
  label: string,
  portVariable: string,
): Promise<Running> {
  return new Promise((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'EADDRINUSE') {
        const hint = `set ${portVariable} to another port (${portVariable}=0 picks a free one)`;
        reject(new StartupError(`${label}: port ${port} on ${HOST} is already in use; ${hint}`));
      } else if (error.code === 'EACCES') {
        reject(
          new StartupError(
            `${label}: no permission to listen on port ${port}; set ${portVariable}`,
          ),
        );
      } else {
        reject(error);
      }
    });
    server.listen(port, HOST, () => {
      const actual = (server.address() as AddressInfo).port;
      resolve({
        url: `http://${HOST}:${actual}`,
        port: actual,
        close: () =>
          new Promise<void>((done) => {
            server.close(() => done());
            // Keep-alive connections would hold close() open: end them now.
            server.closeAllConnections();
          }),
      });
    });
  });
}

/** Prints a startup problem and exits 1: a message for what the user can fix, a stack otherwise. */
export function exitWith(error: unknown): never {
  const fixable =
    error instanceof StartupError || (error as { code?: unknown })?.code === 'ERR_FILTER_CONFIG';
  console.error(
    `error: ${fixable ? (error as Error).message : error instanceof Error ? error.stack : String(error)}`,
  );
  process.exit(1);
}

/** On Ctrl-C (SIGINT) or SIGTERM: close every server, then exit 0. A second signal exits at once. */
export function stopOnSignals(servers: readonly Running[]): void {
  let stopping = false;
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) process.exit(1);
    stopping = true;
    console.log(`${signal}: stopping`);
    Promise.all(servers.map((server) => server.close())).then(() => {
      console.log('stopped');
      process.exit(0);
    }, exitWith);
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}
