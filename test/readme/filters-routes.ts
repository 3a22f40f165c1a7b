import { filterChain } from '@streamfilter/express';
import { remoteBasicAuth } from '@streamfilter/filters';
import express from 'express';

export function createRoutes(checkUrl: string) {
  const auth = remoteBasicAuth({ url: checkUrl, realm: 'api' });
  const chain = filterChain([auth]);
  const handler: express.RequestHandler = (_req, res) => {
    res.send('ok');
  };

  const app = express();
  app.get('/admin', chain.route({ remoteBasicAuth: { realm: 'admin' } }), handler);
  app.get('/health', chain.route({ remoteBasicAuth: false }), handler);
  const admin = auth.override({ realm: 'admin', failOpen: false });
  app.get('/also-admin', filterChain([admin]), handler);
  app.get('/orders', chain, handler);
  return { app, auth };
}
