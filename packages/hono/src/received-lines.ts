import type { Context } from 'hono';

/**
 * The request's header lines as Node received them, when `c.req.raw` is still
 * `@hono/node-server`'s own view of `c.env.incoming` and nobody built its `Headers` yet. The
 * filters then read the same headers from there: `@hono/node-server` builds a Fetch `Headers`
 * only when asked, and building it costs more than the whole chain. Anything else (another
 * runtime, a request a middleware replaced or whose headers it may have changed): `undefined`,
 * and the filters read `c.req.raw.headers`.
 */
export function receivedLines(c: Context): readonly string[] | undefined {
  const incoming = (c.env as { incoming?: { rawHeaders?: unknown } } | undefined)?.incoming;
  const lines = incoming?.rawHeaders;
  if (!Array.isArray(lines)) return undefined;
  const raw = c.req.raw as unknown as Record<symbol, unknown>;
  let wraps = false;
  for (const key of Object.getOwnPropertySymbols(raw)) {
    const value = raw[key];
    if (value instanceof Headers) return undefined;
    if (value === incoming) wraps = true;
  }
  return wraps ? (lines as string[]) : undefined;
}
