import { filterChain } from '@streamfilter/express';
import express5 from 'express';
import express4 from 'express4';
import { APP, type Echo, type Host } from '../host';
import { listen, nextMacrotask } from './listen';

type Express = typeof express5;

/** Express with the chain as app-level middleware, then `express.json()`/`express.text()`. */
function expressHost(name: string, express: Express): Host {
  return {
    name,
    capabilities: { reroute: true, distinctHeaderLines: true, remoteAddress: true, trailers: true },
    async start({ filters, options }) {
      const handled: string[] = [];
      const app = express();
      app.use(filterChain(filters, options));
      app.use(express.json(), express.text());
      app.use((req, _res, next) => {
        handled.push(`${req.method} ${req.path}`);
        next();
      });
      app.get('/text', (_req, res) => {
        res.type('text/plain').send(APP.text);
      });
      app.get('/json', (_req, res) => {
        res.json(APP.json);
      });
      app.get('/stream', async (_req, res) => {
        res.type('text/plain');
        const [first, ...rest] = APP.stream;
        res.write(first);
        for (const chunk of rest) {
          await nextMacrotask();
          res.write(chunk);
        }
        res.end();
      });
      app.get('/routed/:which', (req, res) => {
        res.type('text/plain').send(req.params.which);
      });
      app.all('/echo', (req, res) => {
        const echo: Echo = {
          method: req.method,
          path: req.path,
          headers: req.headers,
          body: req.headers['content-type'] === undefined ? null : req.body,
        };
        res.json(echo);
      });
      return listen(app, handled);
    },
  };
}

export const express5Host = expressHost('Express 5', express5);
export const express4Host = expressHost('Express 4', express4 as unknown as Express);
