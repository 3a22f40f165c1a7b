import { runFilter } from '@streamfilter/core/testing';
import { filterChain } from '@streamfilter/express';
import { remoteBasicAuth } from '@streamfilter/filters';
import { expect } from 'chai';
import express from 'express';
import request from 'supertest';
import { AuthService } from './support/auth-service';

describe('remoteBasicAuth() replays the seed curl session', () => {
  let service: AuthService;

  beforeEach(async () => {
    service = await AuthService.start();
  });

  afterEach(async () => {
    await service.close();
  });

  function app() {
    const auth = remoteBasicAuth({ host: '127.0.0.1', port: service.port });
    const server = express();
    server.use(filterChain([auth]));
    server.get('/', (_req, res) => {
      res.send('hello');
    });
    return server;
  }

  it('answers 401 "no Authorization" with a challenge when the header is missing', async () => {
    const res = await request(app()).get('/').expect(401, 'no Authorization');
    expect(res.headers['www-authenticate']).to.equal('Basic realm="Restricted", charset="UTF-8"');
    expect(service.calls).to.equal(0);
  });

  it('lets "Authorization: basic Zm9vOmJhcg==" (foo:bar) through to the app', async () => {
    await request(app()).get('/').set('Authorization', 'basic Zm9vOmJhcg==').expect(200, 'hello');
    expect(service.checks.map((c) => c.body)).to.deep.equal([{ username: 'foo', password: 'bar' }]);
  });

  it('answers 401 "invalid username or password" when the service says no', async () => {
    await request(app())
      .get('/')
      .set('Authorization', 'Basic Zm9vOmJheg==')
      .expect(401, 'invalid username or password');
  });

  it('posts JSON to /check on host:port, as the seed does', async () => {
    await request(app()).get('/').set('Authorization', 'basic Zm9vOmJhcg==').expect(200);
    const [check] = service.checks;
    expect(check?.headers['content-type']).to.equal('application/json');
    expect(check?.raw).to.equal('{"username":"foo","password":"bar"}');
  });

  it('does the same without a server, through runFilter', async () => {
    const auth = remoteBasicAuth({ url: service.url });
    const denied = await runFilter(auth, {});
    expect(denied.localReply?.code).to.equal(401);
    expect(denied.localReply?.body).to.equal('no Authorization');
    const allowed = await runFilter(auth, { headers: { authorization: 'basic Zm9vOmJhcg==' } });
    expect(allowed.localReply).to.equal(undefined);
    expect(allowed.request.ended).to.equal(true);
  });
});
