import type { Context } from 'hono';

function pathOf(url: string): string {
  const { pathname } = new URL(url);
  try {
    return decodeURI(pathname);
  } catch {
    return pathname;
  }
}

/**
 * Hands the request the filters passed on to the handlers after the chain. Hono routed before
 * any middleware ran: a path a filter rewrote is what `c.req.path` and `c.req.url` say, but the
 * route (and its params) stays the one matched for the original path.
 */
export function useRequest(c: Context, request: Request): void {
  const req = c.req;
  if (request === req.raw) return;
  const url = req.raw.url;
  req.raw = request;
  if (request.url !== url) req.path = pathOf(request.url);
}
