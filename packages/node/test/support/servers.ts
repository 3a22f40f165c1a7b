import { once } from 'node:events';
import { createServer, type RequestListener, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { connect } from 'node:net';

/** Starts `listener` on an ephemeral loopback port; `close()` also drops idle connections. */
export async function listen(
  listener: RequestListener,
): Promise<{ server: Server; port: number; close(): Promise<void> }> {
  const server = createServer(listener);
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return {
    server,
    port: (server.address() as AddressInfo).port,
    close: async () => {
      server.closeAllConnections();
      server.close();
      await once(server, 'close');
    },
  };
}

/**
 * Sends `head` (request line and headers, CRLF-separated, without the final blank line) and
 * `body` over a raw socket, and resolves with everything the server sent until it closed.
 */
export async function rawRequest(port: number, head: string, body = ''): Promise<string> {
  const socket = connect(port, '127.0.0.1');
  await once(socket, 'connect');
  // Not end(): Node aborts a request whose client half-closed the connection.
  socket.write(`${head}\r\nConnection: close\r\n\r\n${body}`);
  const chunks: Buffer[] = [];
  socket.on('data', (chunk: Buffer) => chunks.push(chunk));
  await once(socket, 'close');
  return Buffer.concat(chunks).toString('utf8');
}
