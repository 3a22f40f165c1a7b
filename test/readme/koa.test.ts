import request from 'supertest';
import { helloApp, versionedApp } from './koa';

const ALICE = `Basic ${Buffer.from('alice:wonderland').toString('base64')}`;

describe('README: @streamfilter/koa', () => {
  it('puts the whole app behind basicAuth, before the router and the body parser', async () => {
    const app = helloApp().callback();
    await request(app).get('/').expect(401);
    await request(app).get('/').set('authorization', ALICE).expect(200, 'hello alice\n');
    await request(app)
      .post('/echo')
      .set('authorization', ALICE)
      .send({ a: 1 })
      .expect(200, { a: 1 });
  });

  it('routes /v1/ paths to the /v2/ routes through a rewrite', async () => {
    await request(versionedApp().callback())
      .get('/v1/items/7?x=1')
      .expect(200, { id: '7', asked: '/v1/items/7?x=1' });
  });
});
