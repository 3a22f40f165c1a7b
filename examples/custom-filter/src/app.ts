import { listen, type Running } from '@streamfilter/example-support';
import { filterChain } from '@streamfilter/express';
import express from 'express';
import { apiKey } from './api-key-filter.js';

/**
 * One `apiKey` filter, on two routers: `/api` lets the free and pro plans in and rejects bodies
 * with "spam"; `/pro` reuses the same chain with a per-route override that lets only pro in.
 */
export function createApp(): express.Express {
  const keys = filterChain([apiKey({ plans: ['free', 'pro'], blockedWords: ['spam'] })]);

  const api = express.Router();
  api.use(keys);
  api.get('/hello', (req, res) => {
    res.json({ hello: req.headers['x-account'] });
  });
  // The body parser runs after the chain, so it reads the body the filter let through.
  api.post('/echo', express.text({ type: () => true }), (req, res) => {
    res.json({ account: req.headers['x-account'], body: req.body });
  });

  const pro = express.Router();
  pro.use(keys.route({ apiKey: { plans: ['pro'] } }));
  pro.get('/report', (req, res) => {
    res.json({ report: `for ${req.headers['x-account']}` });
  });

  const app = express();
  app.disable('x-powered-by');
  app.set('etag', false);
  app.use('/api', api);
  app.use('/pro', pro);
  return app;
}

/** Starts the app on 127.0.0.1. */
export function startApp(port = 8080): Promise<Running> {
  return listen(createApp(), port, 'app', 'PORT');
}
