import { filterChain } from '@streamfilter/express';
import { basicAuth } from '@streamfilter/filters';
import express from 'express';
import { requireHeader } from './require-header';

const chain = filterChain([
  requireHeader({ header: 'x-tenant' }),
  basicAuth({ users: { alice: 'wonderland' }, identityHeader: 'x-user' }),
]);

const app = express();

// On the app, under a path: every route below /api.
app.use('/api', chain);
app.get('/api/me', (req, res) => {
  res.json({ user: req.headers['x-user'], tenant: req.headers['x-tenant'] });
});

// On a router, with per-route config merged into the filters' options.
const admin = express.Router();
admin.use(chain.route({ basicAuth: { realm: 'admin' }, requireHeader: false }));
admin.get('/stats', (_req, res) => {
  res.json({ uptime: Math.round(process.uptime()) });
});
app.use('/admin', admin);

// On one route: false drops a filter there.
app.get('/catalog', chain.route({ basicAuth: false }), (req, res) => {
  res.json({ tenant: req.headers['x-tenant'], items: [] });
});

export { app };
