import type http from 'node:http';
import { listen, type Running } from '@streamfilter/example-support';
import { remoteBasicAuth } from '@streamfilter/filters';
import { withFilters } from '@streamfilter/node';

function json(res: http.ServerResponse, status: number, body: unknown): void {
  const text = `${JSON.stringify(body, null, 2)}\n`;
  res.writeHead(status, {
    'content-type': 'application/json',
    'content-length': String(Buffer.byteLength(text)),
  });
  res.end(text);
}

/**
 * An httpbin-like request listener: `/status/:code`, `/headers` (the request headers it
 * received) and `/anything` (method, path, headers and body).
 */
export function httpbin(req: http.IncomingMessage, res: http.ServerResponse): void {
  const path = req.url ?? '/';
  const pathname = path.split('?')[0]!;
  const status = /^\/status\/(\d+)$/.exec(pathname);
  if (status !== null) {
    const code = Number(status[1]);
    res.statusCode = code >= 200 && code <= 599 ? code : 400;
    res.end(res.statusCode === 400 ? 'status code must be from 200 to 599\n' : undefined);
  } else if (pathname === '/headers') {
    json(res, 200, { headers: req.headers });
  } else if (pathname === '/anything' || pathname.startsWith('/anything/')) {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      json(res, 200, { method: req.method, path, headers: req.headers, body });
    });
  } else {
    json(res, 404, { endpoints: ['/status/:code', '/headers', '/anything'] });
  }
}

/** The app: `httpbin` behind `remoteBasicAuth`, on a bare node:http server. */
export function createListener(checkUrl: string): http.RequestListener {
  const auth = remoteBasicAuth({ url: checkUrl, identityHeader: 'x-authenticated-user' });
  return withFilters([auth], httpbin);
}

/** Starts the app on 127.0.0.1. */
export function startApp(port: number, checkUrl: string): Promise<Running> {
  return listen(createListener(checkUrl), port, 'app', 'PORT');
}
