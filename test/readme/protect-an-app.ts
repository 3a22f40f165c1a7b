import { filterChain } from '@streamfilter/express';
import { remoteBasicAuth } from '@streamfilter/filters';
import express from 'express';

export function protectedApp(checkUrl: string): express.Express {
  const auth = remoteBasicAuth({
    url: checkUrl, // gets POST {"username","password"}; 200 means allowed
    identityHeader: 'x-authenticated-user', // tells the app who it is
    cache: true, // reuse decisions: 60 s for an allow, 5 s for a deny
  });

  const app = express();
  app.use(filterChain([auth]));
  app.get('/hello', (req, res) => {
    res.send(`hello ${req.headers['x-authenticated-user']}\n`);
  });
  return app;
}
