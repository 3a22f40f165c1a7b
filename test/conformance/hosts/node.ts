import type { IncomingMessage, ServerResponse } from 'node:http';
import { withFilters } from '@streamfilter/node';
import { APP, type Echo, type Host } from '../host';
import { listen, nextMacrotask, pathOf } from './listen';

/** Reads the body as node:http hands it, parsed by content type as a body parser would. */
async function readBody(req: IncomingMessage): Promise<unknown> {
  const type = req.headers['content-type'];
  if (type === undefined) return null;
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const text = Buffer.concat(chunks).toString('utf8');
  return type.startsWith('application/json') ? JSON.parse(text) : text;
}

function send(res: ServerResponse, type: string, body: string): void {
  res.writeHead(200, { 'content-type': type, 'content-length': Buffer.byteLength(body) });
  res.end(body);
}

async function app(req: IncomingMessage, res: ServerResponse): Promise<void> {
  const path = pathOf(req.url);
  const route = `${req.method} ${path}`;
  if (route === 'GET /text') return send(res, 'text/plain; charset=utf-8', APP.text);
  if (route === 'GET /json') return send(res, 'application/json', JSON.stringify(APP.json));
  if (route === 'GET /stream') {
    res.writeHead(200, { 'content-type': 'text/plain; charset=utf-8' });
    const [first, ...rest] = APP.stream;
    res.write(first);
    for (const chunk of rest) {
      await nextMacrotask();
      res.write(chunk);
    }
    res.end();
    return;
  }
  const routed = /^GET \/routed\/([ab])$/.exec(route);
  if (routed) return send(res, 'text/plain; charset=utf-8', routed[1]!);
  if (route === 'GET /echo' || route === 'POST /echo') {
    const echo: Echo = {
      method: req.method!,
      path,
      headers: req.headers,
      body: await readBody(req),
    };
    return send(res, 'application/json', JSON.stringify(echo));
  }
  res.writeHead(404).end();
}

/** A bare node:http listener wrapped in `withFilters`; it routes on `req.url` itself. */
export const nodeHost: Host = {
  name: 'node:http',
  capabilities: { reroute: true, distinctHeaderLines: true, remoteAddress: true, trailers: true },
  start({ filters, options }) {
    const handled: string[] = [];
    const listener = withFilters(
      filters,
      (req, res) => {
        handled.push(`${req.method} ${pathOf(req.url)}`);
        app(req, res).catch(() => res.destroy());
      },
      options,
    );
    return listen(listener, handled);
  },
};
