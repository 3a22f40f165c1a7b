import { filterChain } from '@streamfilter/express';
import { remoteAuth } from '@streamfilter/filters';
import express from 'express';

export function createApp(verifyUrl: string): express.Express {
  const auth = remoteAuth({
    url: verifyUrl, // e.g. http://127.0.0.1:9000/verify
    allowedHeaders: ['authorization'],
    upstreamHeaders: ['x-user-id'],
    cache: { fromCacheControl: true },
  });
  const app = express();
  app.use(filterChain([auth]));
  app.get('/me', (req, res) => {
    res.json({ user: req.headers['x-user-id'] });
  });
  return app;
}
