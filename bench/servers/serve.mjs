// The app every Express server under test shares: the middleware being measured, then one
// route, listening on an ephemeral loopback port.
import express from 'express';
import { announce } from './control.mjs';

export function serve(...middleware) {
  const app = express();
  app.disable('x-powered-by');
  app.disable('etag');
  for (const handler of middleware) app.use(handler);
  app.get('/', function hello(_req, res) {
    res.send('hello world');
  });
  const server = app.listen(0, '127.0.0.1');
  announce(server);
  return server;
}
