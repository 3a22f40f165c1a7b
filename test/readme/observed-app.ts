import { filterChain } from '@streamfilter/express';
import { basicAuth } from '@streamfilter/filters';
import { tracing } from '@streamfilter/opentelemetry';
import { metrics } from '@streamfilter/prometheus';
import express from 'express';
import { Registry } from 'prom-client';

export function observedApp(): { app: express.Express; registry: Registry } {
  const auth = basicAuth({ users: { alice: 'wonderland' } });
  const registry = new Registry();
  const app = express();
  app.get('/metrics', async (_req, res) => {
    res.type(registry.contentType).send(await registry.metrics());
  });
  app.use(
    filterChain([auth], {
      observers: [metrics({ registry }), tracing({ thresholdMs: 10 })],
    }),
  );
  app.get('/hello', (_req, res) => {
    res.send('hello\n');
  });
  return { app, registry };
}
