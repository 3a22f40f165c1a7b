import { once } from 'node:events';
import {
  type Agent,
  createServer,
  request as httpRequest,
  type IncomingHttpHeaders,
  type OutgoingHttpHeaders,
  type RequestListener,
  type Server,
} from 'node:http';
import { type AddressInfo, connect } from 'node:net';

/** A real server on loopback; `close()` also drops idle keep-alive connections. */
export async function listen(
  handler: RequestListener,
): Promise<{ server: Server; port: number; close(): void }> {
  const server = createServer(handler);
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return {
    server,
    port: (server.address() as AddressInfo).port,
    close() {
      server.close();
      server.closeAllConnections();
    },
  };
}

export interface Answer {
  status: number | undefined;
  headers: IncomingHttpHeaders;
  body: Buffer;
  /** The request went out on a connection an earlier request had used (keep-alive). */
  reusedSocket: boolean;
}

/** One request over `agent` (e.g. a keep-alive agent), resolving with the whole response. */
export function send(
  port: number,
  options: {
    agent?: Agent;
    method?: string;
    path?: string;
    headers?: OutgoingHttpHeaders;
    body?: string | Buffer;
  } = {},
): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      {
        host: '127.0.0.1',
        port,
        agent: options.agent,
        method: options.method ?? 'GET',
        path: options.path ?? '/',
        headers: options.headers,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () =>
          resolve({
            status: res.statusCode,
            headers: res.headers,
            body: Buffer.concat(chunks),
            reusedSocket: req.reusedSocket,
          }),
        );
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(options.body);
  });
}

/**
 * Writes `raw` bytes on one TCP connection and returns everything the server sent until it
 * closed the connection. `halfClose` ends the client's side right after writing.
 */
export async function exchange(
  port: number,
  raw: string,
  { halfClose = false }: { halfClose?: boolean } = {},
): Promise<string> {
  const socket = connect(port, '127.0.0.1');
  await once(socket, 'connect');
  const chunks: Buffer[] = [];
  socket.on('data', (chunk: Buffer) => chunks.push(chunk));
  const closed = once(socket, 'close');
  socket.write(raw);
  if (halfClose) socket.end();
  await closed;
  return Buffer.concat(chunks).toString('latin1');
}
