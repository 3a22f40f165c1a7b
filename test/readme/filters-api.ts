import { filterChain } from '@streamfilter/express';
import { basicAuth } from '@streamfilter/filters';
import express from 'express';

// An API for scripts and browsers: no login dialog, JSON errors, CORS preflights let through.
const auth = basicAuth({
  users: { alice: 'wonderland' },
  challenge: false,
  unauthorizedResponse: (req, reason) => ({ error: 'unauthorized', reason, path: req.path }),
  allowPreflight: true,
});

export const api = express();
api.use(filterChain([auth]));
api.options('/orders', (_req, res) => {
  res.set('access-control-allow-origin', '*').set('access-control-allow-headers', 'authorization');
  res.sendStatus(204);
});
api.get('/orders', (_req, res) => {
  res.json([]);
});
