import { scryptSync } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { runFilter } from '@streamfilter/core/testing';
import { filterChain } from '@streamfilter/express';
import { expect } from 'chai';
import express from 'express';
import request from 'supertest';
import { hashedApiKey } from './hashed-api-key';
import { redact } from './redact';
import { userLookup } from './user-lookup';
import { app } from './wiring';

const ALICE = `Basic ${Buffer.from('alice:wonderland').toString('base64')}`;

describe('README: writing a filter', () => {
  describe('hashedApiKey (the low-level Running style)', () => {
    const salt = 'pepper';
    const filter = hashedApiKey({ salt, hash: scryptSync('s3cret', salt, 32).toString('hex') });

    it('continues from the scrypt callback when the key matches', async () => {
      const result = await runFilter(filter, { headers: { 'x-api-key': 's3cret' } });
      expect(result.localReply).to.equal(undefined);
      expect(result.request.ended).to.equal(true);
    });

    it('answers 401 from the callback when it does not', async () => {
      const result = await runFilter(filter, { headers: { 'x-api-key': 'guess' } });
      expect(result.localReply).to.include({ code: 401, body: 'invalid API key\n' });
    });

    it('refuses a hash that is not 32 bytes of hex at configuration', () => {
      expect(() => hashedApiKey({ salt, hash: 'abc' })).to.throw(/"hash" must be 64 hex digits/);
    });
  });

  describe('userLookup (async by default)', () => {
    let directory: http.Server;
    let directoryUrl: string;

    before(async () => {
      directory = http.createServer((req, res) => {
        if (req.url === '/users/alice') res.end(JSON.stringify({ name: 'Alice Liddell' }));
        else if (req.url === '/users/broken') res.writeHead(500).end();
        else res.writeHead(404).end();
      });
      await new Promise<void>((resolve) => directory.listen(0, '127.0.0.1', resolve));
      directoryUrl = `http://127.0.0.1:${(directory.address() as AddressInfo).port}/users/`;
    });

    after(() => {
      directory.closeAllConnections();
      directory.close();
    });

    it('sets x-user-name from the directory answer', async () => {
      const result = await runFilter(userLookup({ directoryUrl }), {
        headers: { 'x-user-id': 'alice' },
      });
      expect(result.request.headers?.get('x-user-name')).to.equal('Alice Liddell');
    });

    it('answers 403 for a user the directory does not know', async () => {
      const result = await runFilter(userLookup({ directoryUrl }), {
        headers: { 'x-user-id': 'mallory' },
      });
      expect(result.localReply).to.include({ code: 403, body: 'unknown user\n' });
    });

    it('turns a thrown error into the generic 500, details in the log only', async () => {
      const result = await runFilter(userLookup({ directoryUrl }), {
        headers: { 'x-user-id': 'broken' },
      });
      expect(result.localReply).to.include({ code: 500, body: 'error happened in filter' });
      expect(result.logs.map((line) => String(line.error))).to.include(
        'Error: directory answered 500',
      );
    });

    it('refuses a directoryUrl that is not a URL at configuration', () => {
      expect(() => userLookup({ directoryUrl: 'users' })).to.throw(/"directoryUrl" must be/);
    });
  });

  describe('redact (a body filter)', () => {
    it('changes the body before the body parser after the chain reads it', async () => {
      const server = express();
      server.use(filterChain([redact({ word: 'secret' })]));
      server.use(express.text());
      server.post('/', (req, res) => {
        res.send(req.body);
      });
      await request(server)
        .post('/')
        .set('content-type', 'text/plain')
        .send('my secret is secret')
        .expect(200, 'my *** is ***');
    });
  });

  describe('filterChain on an app, a router and a route', () => {
    it('runs every filter under /api', async () => {
      await request(app)
        .get('/api/me')
        .set('Authorization', ALICE)
        .expect(400, 'missing x-tenant\n');
      await request(app).get('/api/me').set('x-tenant', 'acme').expect(401);
      await request(app)
        .get('/api/me')
        .set('x-tenant', 'acme')
        .set('Authorization', ALICE)
        .expect(200, { user: 'alice', tenant: 'acme' });
    });

    it('uses the router override: realm admin, no tenant header needed', async () => {
      const res = await request(app).get('/admin/stats').expect(401);
      expect(res.headers['www-authenticate']).to.equal('Basic realm="admin", charset="UTF-8"');
      await request(app).get('/admin/stats').set('Authorization', ALICE).expect(200);
    });

    it('drops basicAuth on the one route that says false', async () => {
      await request(app)
        .get('/catalog')
        .set('x-tenant', 'acme')
        .expect(200, { tenant: 'acme', items: [] });
      await request(app).get('/catalog').expect(400);
    });
  });
});
