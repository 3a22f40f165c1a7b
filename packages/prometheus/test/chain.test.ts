import type http from 'node:http';
import { AUTH_METADATA, type AuthInfo, type ChainableFilter, Status } from '@streamfilter/core';
import { filterChain } from '@streamfilter/express';
import { expect } from 'chai';
import express from 'express';
import { Registry } from 'prom-client';
import request from 'supertest';
import { metrics } from '../src';
import { samples, urlOf } from './support';

/** An auth filter as the shipped ones behave: it records its decision, then answers or goes on. */
const auth: ChainableFilter = {
  name: 'auth',
  create: (callbacks) => ({
    decodeHeaders(headers) {
      const allowed = headers.get('authorization') === 'Bearer ok';
      const info: AuthInfo = allowed
        ? { filter: 'auth', decision: 'allowed', user: 'alice', cache: 'hit' }
        : { filter: 'auth', decision: 'denied', cache: 'miss' };
      callbacks.streamInfo.metadata.set(AUTH_METADATA, info);
      if (allowed) return Status.Continue;
      callbacks.sendLocalReply(401, 'no');
      return Status.LocalReply;
    },
  }),
};

/** Waits a tick on every request, then throws on those with `x-throw`. */
const flaky: ChainableFilter = {
  name: 'flaky',
  create: () => ({
    async decodeHeaders(headers) {
      await new Promise((resolve) => setImmediate(resolve));
      if (headers.has('x-throw')) throw new Error('flaky');
    },
  }),
};

describe('metrics() on a real chain, scraped over HTTP', () => {
  let server: http.Server;
  let url: string;

  before(async () => {
    const registry = new Registry();
    const app = express();
    app.get('/metrics', async (_req, res) => {
      res.type(registry.contentType).send(await registry.metrics());
    });
    app.use(filterChain([auth, flaky], { observers: [metrics({ registry })], logger: () => {} }));
    app.get('/', (_req, res) => {
      res.send('ok');
    });
    server = app.listen(0, '127.0.0.1');
    await new Promise((resolve) => server.once('listening', resolve));
    url = urlOf(server);
  });

  after(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  it('counts what the filters did, per filter, as a scrape shows it', async () => {
    await request(url).get('/').expect(401);
    await request(url).get('/').expect(401);
    await request(url).get('/').set('authorization', 'Bearer ok').expect(200, 'ok');
    await request(url).get('/').set('authorization', 'Bearer ok').set('x-throw', '1').expect(500);
    const { text } = await request(url).get('/metrics').expect(200);

    expect(samples(text, 'streamfilter_local_replies_total')).to.deep.equal([
      'streamfilter_local_replies_total{filter="auth",code="401"} 2',
    ]);
    expect(samples(text, 'streamfilter_filter_errors_total')).to.deep.equal([
      'streamfilter_filter_errors_total{filter="flaky"} 1',
    ]);
    expect(samples(text, 'streamfilter_auth_decisions_total')).to.deep.equal([
      'streamfilter_auth_decisions_total{filter="auth",decision="denied"} 2',
      'streamfilter_auth_decisions_total{filter="auth",decision="allowed"} 2',
    ]);
    expect(samples(text, 'streamfilter_auth_cache_total')).to.deep.equal([
      'streamfilter_auth_cache_total{filter="auth",result="miss"} 2',
      'streamfilter_auth_cache_total{filter="auth",result="hit"} 2',
    ]);
    expect(samples(text, 'streamfilter_filter_duration_seconds_count')).to.deep.equal([
      'streamfilter_filter_duration_seconds_count{filter="auth",phase="decodeHeaders"} 4',
      'streamfilter_filter_duration_seconds_count{filter="flaky",phase="decodeHeaders"} 2',
    ]);
  });
});
