import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import type { ChainableFilter, FilterCallbacks, StreamFilter } from '@streamfilter/core';

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

/** A filter from a name and a per-request factory: test shorthand. */
export function filter(
  name: string,
  create: (callbacks: FilterCallbacks) => StreamFilter,
): ChainableFilter {
  return { name, create };
}

/** Waits, in bounded steps, until `check()` holds. */
export async function until(check: () => boolean): Promise<void> {
  for (let i = 0; i < 400 && !check(); i++) await new Promise((r) => setTimeout(r, 5));
}
