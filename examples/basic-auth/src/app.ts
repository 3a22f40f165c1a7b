import { listen, type Running } from '@streamfilter/example-support';
import { filterChain } from '@streamfilter/express';
import { basicAuth } from '@streamfilter/filters';
import express from 'express';

/**
 * Basic Auth checked in process, synchronously: no network, no promise. Every route needs
 * foo:bar, except `/health`, where a per-route override turns the filter off.
 */
export function createApp(users: Readonly<Record<string, string>>): express.Express {
  const auth = filterChain([basicAuth({ users, identityHeader: 'x-authenticated-user' })]);
  const app = express();
  app.disable('x-powered-by');
  app.set('etag', false);
  app.get('/health', auth.route({ basicAuth: false }), (_req, res) => {
    res.type('text').send('ok\n');
  });
  app.use(auth);
  app.get('/', (req, res) => {
    res.type('text').send(`hello, ${req.headers['x-authenticated-user']}\n`);
  });
  return app;
}

/** Starts the app on 127.0.0.1. */
export function startApp(users: Readonly<Record<string, string>>, port = 8080): Promise<Running> {
  return listen(createApp(users), port, 'app', 'PORT');
}
