import { listen, type Running } from '@streamfilter/example-support';
import { filterChain } from '@streamfilter/express';
import { remoteBasicAuth } from '@streamfilter/filters';
import { tracing } from '@streamfilter/opentelemetry';
import { metrics } from '@streamfilter/prometheus';
import express from 'express';
import { Registry } from 'prom-client';

export interface AppOptions {
  /** The auth service's check endpoint, e.g. `http://127.0.0.1:10000/check`. */
  checkUrl: string;
  /** Default 8080; 0 picks a free port. */
  port?: number;
}

/** The registry's metrics as Prometheus text: all of them, or those named in `names`. */
async function scrape(registry: Registry, names: string[]): Promise<string> {
  if (names.length === 0) return registry.metrics();
  const known = names.filter((name) => registry.getSingleMetric(name) !== undefined);
  const texts = await Promise.all(known.map((name) => registry.getSingleMetricAsString(name)));
  return texts.map((text) => `${text}\n`).join('\n');
}

/**
 * An httpbin-like app, every route behind `remoteBasicAuth`:
 * `/status/:code`, `/headers` (the request headers the app received) and `/anything`;
 * and `/metrics`, the chain's Prometheus metrics, open to a scraper without credentials. The
 * filter's spans go to the tracer provider registered, if any (`TRACE=1`: see tracing.ts).
 */
export function createApp(checkUrl: string): express.Express {
  const auth = remoteBasicAuth({ url: checkUrl, identityHeader: 'x-authenticated-user' });
  const registry = new Registry();
  const app = express();
  app.disable('x-powered-by');
  app.set('etag', false);
  app.set('json spaces', 2);

  // Before the chain: a scraper sends no credentials.
  app.get('/metrics', async (req, res) => {
    const names = new URL(req.url, 'http://localhost').searchParams.getAll('name');
    res.type(registry.contentType).send(await scrape(registry, names));
  });
  app.use(filterChain([auth], { observers: [metrics({ registry }), tracing()] }));

  app.get('/', (_req, res) => {
    res.json({ endpoints: ['/status/:code', '/headers', '/anything', '/metrics'] });
  });
  app.all('/status/:code', (req, res) => {
    const code = Number(req.params.code);
    if (!Number.isInteger(code) || code < 200 || code > 599) {
      res.status(400).send('status code must be from 200 to 599\n');
      return;
    }
    res.status(code).end();
  });
  app.get('/headers', (req, res) => {
    res.json({ headers: req.headers });
  });
  // The body parser runs after the chain: filters could read and change the body first.
  app.use('/anything', express.text({ type: () => true }), (req, res) => {
    res.json({
      method: req.method,
      path: req.originalUrl,
      headers: req.headers,
      body: typeof req.body === 'string' ? req.body : '',
    });
  });
  return app;
}

/** Starts the app on 127.0.0.1. */
export function startApp(options: AppOptions): Promise<Running> {
  return listen(createApp(options.checkUrl), options.port ?? 8080, 'app', 'PORT');
}
