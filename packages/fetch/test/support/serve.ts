import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';

/** A fetch handler as `@hono/node-server` calls it. */
// biome-ignore lint/suspicious/noExplicitAny: the host passes its own bindings after the request
export type Fetch = (request: Request, ...rest: any[]) => Response | Promise<Response>;

/** A fetch handler served by `@hono/node-server` on a loopback ephemeral port. */
export interface Served {
  url: string;
  port: number;
  close(): Promise<void>;
}

export async function listen(fetch: Fetch): Promise<Served> {
  return new Promise((resolve) => {
    const server = serve({ fetch, port: 0, hostname: '127.0.0.1' }, (info) => {
      const port = (info as AddressInfo).port;
      resolve({
        url: `http://127.0.0.1:${port}`,
        port,
        close: () =>
          new Promise<void>((done) => {
            (server as { closeAllConnections?(): void }).closeAllConnections?.();
            server.close(() => done());
          }),
      });
    });
  });
}

/** A response body from chunks, each written after the previous one was read. */
export function chunked(chunks: readonly string[]): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  let i = 0;
  return new ReadableStream({
    pull(controller) {
      const chunk = chunks[i++];
      if (chunk === undefined) controller.close();
      else controller.enqueue(encoder.encode(chunk));
    },
  });
}

/** The status and body of a response read whole. */
export interface ReadResponse {
  status: number;
  body: string;
}

/**
 * POSTs a body in two parts over a real connection: `first`, then, once `between()` resolved,
 * `last`. For what happens while a request body is still arriving.
 */
export function postInParts(
  url: string,
  first: string,
  between: () => Promise<void>,
  last: string,
): Promise<ReadResponse> {
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method: 'POST' }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        body += chunk;
      });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    req.write(first);
    between().then(
      () => req.end(last),
      (error: unknown) => reject(error),
    );
  });
}
