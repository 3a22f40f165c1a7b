import { once } from 'node:events';
import { createServer, type RequestListener, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { RunningHost } from '../host';

/** Serves `listener` on 127.0.0.1, port 0, through node:http. */
export async function listen(listener: RequestListener, handled: string[]): Promise<RunningHost> {
  return listening(createServer(listener), handled);
}

/** A node:http server already created by a framework, listening on 127.0.0.1, port 0. */
export async function listening(server: Server, handled: string[]): Promise<RunningHost> {
  if (!server.listening) {
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
  }
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    handled,
    close: () => closeServer(server),
  };
}

function closeServer(server: Server): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections();
  });
}

/** The path of a request URL, without its query. */
export function pathOf(url: string | undefined): string {
  const path = url ?? '/';
  const query = path.indexOf('?');
  return query === -1 ? path : path.slice(0, query);
}

/** Resolves after a macrotask: the gap between the writes of `/stream`. */
export function nextMacrotask(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 1));
}
