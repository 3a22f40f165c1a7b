import { filterChain } from '@streamfilter/express';
import { remoteBasicAuth } from '@streamfilter/filters';
import express from 'express';

export function createApp(authPort: number): express.Express {
  const auth = remoteBasicAuth({ host: '127.0.0.1', port: authPort }); // POSTs to /check
  const app = express();
  app.use(filterChain([auth]));
  app.get('/', (_req, res) => {
    res.send('hello');
  });
  return app;
}
