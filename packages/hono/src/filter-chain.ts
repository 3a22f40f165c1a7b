import {
  admitChain,
  authenticatedUser,
  type ChainableFilter,
  type ChainOverrides,
  FilterChain,
  type FilterChainOptions,
  FilterManager,
  type RequestAuth,
} from '@streamfilter/core';
import { FetchStream } from '@streamfilter/fetch';
import type { Context, MiddlewareHandler, Next } from 'hono';
import { receivedLines } from './received-lines';
import { useRequest } from './use-request';

/**
 * What the middleware puts on the context: `c.get('auth')` is who an authentication filter
 * (`basicAuth`, `remoteBasicAuth`, `remoteAuth`) let in, absent when none did.
 *
 * @example
 * const app = new Hono<StreamfilterEnv>();
 * app.get('/me', (c) => c.text(c.get('auth')?.user ?? 'anonymous'));
 */
export interface StreamfilterEnv {
  Variables: { auth?: RequestAuth };
}

/** A Hono middleware that runs a filter chain; `route()` derives per-route variants. */
export interface FilterChainMiddleware<Filter extends ChainableFilter = ChainableFilter>
  extends MiddlewareHandler<StreamfilterEnv> {
  /** The core chain this middleware runs. */
  readonly chain: FilterChain<Filter>;
  /**
   * The same chain for one route, with per-filter overrides merged through each filter's
   * `merge` (`false` drops a filter). Validated now, so a bad override fails at startup. Typed
   * by filter name where the chain's filter names are known (the shipped filters, `defineFilter`).
   */
  route(overrides: ChainOverrides<Filter>): FilterChainMiddleware<Filter>;
}

/** The request goes on to the handlers: with what the filters passed on, and who they let in. */
function proceed(c: Context<StreamfilterEnv>, request: Request, manager: FilterManager): void {
  useRequest(c, request);
  const auth = authenticatedUser(manager.streamInfo);
  if (auth !== undefined) c.set('auth', auth);
}

/** The request needs the chain beyond its headers: the handlers run inside the stream. */
async function throughChain(
  c: Context<StreamfilterEnv>,
  next: Next,
  stream: FetchStream,
  manager: FilterManager,
): Promise<void> {
  let appResponse: Response | undefined;
  const response = await stream.proceed(async (request) => {
    proceed(c, request, manager);
    await next();
    appResponse = c.res;
    return appResponse;
  });
  if (response === appResponse) return;
  if (appResponse === undefined) {
    // A local reply before the handler ran: it keeps what earlier middleware set with
    // c.header(), as Hono's own responses do.
    void c.res;
  } else {
    // The filtered response replaces the handler's whole: headers the filters deleted stay
    // deleted (assigning over c.res would merge the old headers back in).
    c.res = undefined;
  }
  c.res = response;
}

function middlewareFor<Filter extends ChainableFilter>(
  chain: FilterChain<Filter>,
): FilterChainMiddleware<Filter> {
  function streamfilter(c: Context<StreamfilterEnv>, next: Next): Promise<void> {
    const admitted = admitChain(c.req.raw, chain);
    if (admitted === 'skip') return next();
    if (admitted !== 'run') return Promise.reject(admitted);
    const stream = new FetchStream(c.req.raw, receivedLines(c));
    const manager = new FilterManager(chain, stream, stream);
    const passed = stream.begin(manager);
    if (passed === undefined) return throughChain(c, next, stream, manager);
    // Every filter is done with this request: Hono goes on as if the chain were not there.
    proceed(c, passed, manager);
    return next();
  }
  return Object.assign(streamfilter, {
    chain,
    route: (overrides: ChainOverrides<Filter>) => middlewareFor(chain.withOverrides(overrides)),
  });
}

/**
 * Runs `filters` as Hono middleware, on the request and the response: handlers after it see the
 * headers and body the decode hooks passed on; the encode hooks see `c.res` and what they pass
 * on becomes `c.res`. A local reply answers without running the handler.
 *
 * @example
 * const app = new Hono();
 * app.use('/api/*', filterChain([remoteBasicAuth({ url: 'http://127.0.0.1:10000/check' })]));
 * app.get('/api/me', (c) => c.text(`hello ${c.req.header('x-authenticated-user')}`));
 */
export function filterChain<Filter extends ChainableFilter>(
  filters: readonly Filter[],
  options?: FilterChainOptions,
): FilterChainMiddleware<Filter> {
  return middlewareFor(new FilterChain(filters, options));
}
