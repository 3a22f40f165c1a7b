import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import type { RunningHost } from '../host';

/** Serves a fetch handler through `@hono/node-server` on 127.0.0.1, port 0. */
export function serveFetch(
  fetch: (request: Request) => Response | Promise<Response>,
  handled: string[],
): Promise<RunningHost> {
  return new Promise((resolve) => {
    const server = serve({ fetch, port: 0, hostname: '127.0.0.1' }, (info) => {
      const { port } = info as AddressInfo;
      resolve({
        url: `http://127.0.0.1:${port}`,
        port,
        handled,
        close: () =>
          new Promise<void>((done) => {
            server.close(() => done());
            (server as { closeAllConnections?(): void }).closeAllConnections?.();
          }),
      });
    });
  });
}
