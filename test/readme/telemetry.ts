import { context, trace } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import {
  BasicTracerProvider,
  SimpleSpanProcessor,
  type SpanExporter,
} from '@opentelemetry/sdk-trace-base';
import { type ChainableFilter, slowFilterLog } from '@streamfilter/core';
import { filterChain } from '@streamfilter/express';
import { basicAuth } from '@streamfilter/filters';
import { tracing } from '@streamfilter/opentelemetry';
import { metrics } from '@streamfilter/prometheus';
import express from 'express';
import { Registry } from 'prom-client';

/** The prometheus README: the chain's metrics, scraped on /metrics. */
export function metricsApp(): { app: express.Express; registry: Registry } {
  const auth = basicAuth({ users: { alice: 'wonderland' } });
  const registry = new Registry();
  const app = express();
  // Before the chain: a scraper sends no credentials.
  app.get('/metrics', async (_req, res) => {
    res.type(registry.contentType).send(await registry.metrics());
  });
  app.use(filterChain([auth], { observers: [metrics({ registry })] }));
  app.get('/hello', hello);
  return { app, registry };
}

/** The opentelemetry README: spans for filters that parked, answered, failed or took 10 ms. */
export function tracedApp(): express.Express {
  const auth = basicAuth({ users: { alice: 'wonderland' } });
  const app = express();
  app.use(filterChain([auth], { observers: [tracing({ thresholdMs: 10 })] }));
  app.get('/hello', hello);
  return app;
}

/** The root README: a warning for each request whose filters took over 200 ms in all. */
export function slowLogApp(auth: ChainableFilter): express.Express {
  const app = express();
  app.use(filterChain([auth], { observers: [slowFilterLog({ thresholdMs: 200 })] }));
  app.get('/hello', hello);
  return app;
}

function hello(_req: express.Request, res: express.Response): void {
  res.send('hello\n');
}

/** What an app does once at startup so `tracing()` has somewhere to send spans. */
export function setUpTracing(exporter: SpanExporter): BasicTracerProvider {
  const provider = new BasicTracerProvider({
    spanProcessors: [new SimpleSpanProcessor(exporter)],
  });
  trace.setGlobalTracerProvider(provider);
  context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
  return provider;
}
