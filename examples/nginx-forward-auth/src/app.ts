import type http from 'node:http';
import { listen, type Running } from '@streamfilter/example-support';

/**
 * The app behind nginx: it answers every request with what it received, so you can see the
 * identity header nginx copied from the auth answer. It does no auth of its own.
 */
export function echo(req: http.IncomingMessage, res: http.ServerResponse): void {
  const body = `${JSON.stringify({ method: req.method, path: req.url, headers: req.headers }, null, 2)}\n`;
  res.writeHead(200, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(body),
  });
  res.end(body);
}

/** Starts the app on 127.0.0.1 (default port 3000, where nginx.conf sends requests). */
export function startApp(port: number): Promise<Running> {
  return listen(echo, port, 'app', 'APP_PORT');
}
