import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';

/** A Hono app served by `@hono/node-server` on a loopback ephemeral port. */
export interface Served {
  url: string;
  close(): Promise<void>;
}

/** Any Hono app, whatever its env: only its `fetch` is served. */
export async function listen(app: {
  fetch: (request: Request) => Response | Promise<Response>;
}): Promise<Served> {
  return new Promise((resolve) => {
    const server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, (info) => {
      resolve({
        url: `http://127.0.0.1:${(info as AddressInfo).port}`,
        close: () =>
          new Promise<void>((done) => {
            (server as { closeAllConnections?(): void }).closeAllConnections?.();
            server.close(() => done());
          }),
      });
    });
  });
}
