import { listen, type Running } from '@streamfilter/example-support';
import { filterChain } from '@streamfilter/express';
import { basicAuth } from '@streamfilter/filters';
import express from 'express';

/**
 * Basic Auth checked in process, synchronously: no network, no promise. `/` needs foo:bar;
 * `/health` mounts the same chain with the filter turned off, so it is open whatever the order
 * of the routes, and a client-sent identity header is still removed there.
 */
export function createApp(users: Readonly<Record<string, string>>): express.Express {
  const auth = filterChain([basicAuth({ users, identityHeader: 'x-authenticated-user' })]);
  const app = express();
  app.disable('x-powered-by');
  app.set('etag', false);
  app.get('/', auth, (req, res) => {
    res.type('text').send(`hello, ${req.auth?.user}\n`);
  });
  app.get('/health', auth.route({ basicAuth: false }), (_req, res) => {
    res.type('text').send('ok\n');
  });
  return app;
}

/** Starts the app on 127.0.0.1. */
export function startApp(users: Readonly<Record<string, string>>, port = 8080): Promise<Running> {
  return listen(createApp(users), port, 'app', 'PORT');
}
