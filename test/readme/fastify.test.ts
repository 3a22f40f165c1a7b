import { expect } from 'chai';
import request from 'supertest';
import { helloApp, scopedApp } from './fastify';

const ALICE = `Basic ${Buffer.from('alice:wonderland').toString('base64')}`;

describe('README: @streamfilter/fastify', () => {
  it('puts the whole app behind basicAuth', async () => {
    const app = await helloApp();
    await app.ready();
    await request(app.server).get('/').expect(401);
    await request(app.server).get('/').set('authorization', ALICE).expect(200, 'hello alice\n');
    await app.close();
  });

  it('puts only the routes of one scope behind the filter', async () => {
    const app = await scopedApp();
    await app.ready();
    const denied = await request(app.server).get('/admin/stats').expect(401);
    expect(denied.headers['www-authenticate']).to.equal('Basic realm="admin", charset="UTF-8"');
    await request(app.server).get('/admin/stats').set('authorization', ALICE).expect(200);
    await request(app.server).get('/health').expect(200, 'ok\n');
    await app.close();
  });
});
