import streamfilter from '@streamfilter/fastify';
import { basicAuth } from '@streamfilter/filters';
import Fastify, { type FastifyInstance } from 'fastify';

/** The README's first example: the whole app behind basicAuth. */
export async function helloApp(): Promise<FastifyInstance> {
  const app = Fastify();
  await app.register(streamfilter, {
    filters: [basicAuth({ users: { alice: 'wonderland' }, identityHeader: 'x-user' })],
  });
  app.get('/', async (request) => `hello ${request.headers['x-user']}\n`);
  return app;
}

/** The README's scope example: only the routes of one scope behind the filter. */
export async function scopedApp(): Promise<FastifyInstance> {
  const users = { alice: 'wonderland' };
  const app = Fastify();
  await app.register(async (admin) => {
    await admin.register(streamfilter, { filters: [basicAuth({ users, realm: 'admin' })] });
    admin.get('/admin/stats', async () => ({ uptime: Math.round(process.uptime()) }));
  });
  app.get('/health', async () => 'ok\n');
  return app;
}
