import { withFilters } from '@streamfilter/fetch';
import { APP, type Echo, type Host } from '../host';
import { nextMacrotask } from './listen';
import { serveFetch } from './serve-fetch';

/** The body as a body parser would hand it: JSON parsed, text as it is, none as `null`. */
async function readBody(request: Request): Promise<unknown> {
  const type = request.headers.get('content-type');
  if (type === null) return null;
  return type.startsWith('application/json') ? request.json() : request.text();
}

function text(body: string): Response {
  return new Response(body, { headers: { 'content-type': 'text/plain; charset=utf-8' } });
}

/** `/stream`: three chunks, a macrotask apart, no content-length. */
function streamed(): Response {
  const encoder = new TextEncoder();
  const body = new ReadableStream<Uint8Array>({
    async start(controller) {
      const [first, ...rest] = APP.stream;
      controller.enqueue(encoder.encode(first));
      for (const chunk of rest) {
        await nextMacrotask();
        controller.enqueue(encoder.encode(chunk));
      }
      controller.close();
    },
  });
  return new Response(body, { headers: { 'content-type': 'text/plain; charset=utf-8' } });
}

/** The app as a bare fetch handler: it routes on the request URL itself. */
async function app(request: Request): Promise<Response> {
  const path = new URL(request.url).pathname;
  const route = `${request.method} ${path}`;
  if (route === 'GET /text') return text(APP.text);
  if (route === 'GET /json') return Response.json(APP.json);
  if (route === 'GET /stream') return streamed();
  const routed = /^GET \/routed\/([ab])$/.exec(route);
  if (routed) return text(routed[1]!);
  if (route === 'GET /echo' || route === 'POST /echo') {
    const echo: Echo = {
      method: request.method,
      path,
      headers: Object.fromEntries(request.headers),
      body: await readBody(request),
    };
    return Response.json(echo);
  }
  return new Response(null, { status: 404 });
}

/**
 * A bare fetch handler wrapped in `withFilters`, served by `@hono/node-server`. It routes on
 * the URL of the request it gets, so a rewritten path is what it routes on.
 */
export const fetchHost: Host = {
  name: 'fetch (withFilters)',
  capabilities: {
    reroute: true,
    distinctHeaderLines: false,
    remoteAddress: false,
    trailers: false,
  },
  start({ filters, options }) {
    const handled: string[] = [];
    const handler = withFilters(
      filters,
      (request) => {
        handled.push(`${request.method} ${new URL(request.url).pathname}`);
        return app(request);
      },
      options,
    );
    return serveFetch(handler, handled);
  },
};
