import { filterChain } from '@streamfilter/express';
import { basicAuth, remoteAuth, remoteBasicAuth } from '@streamfilter/filters';
import { expect } from 'chai';
import express from 'express';
import request from 'supertest';
import { closedPort } from './support/auth-service';

/** What the handler saw of the headers a client tried to forge. */
function echoForged(req: express.Request, res: express.Response): void {
  res.json({
    user: req.headers['x-user'] ?? null,
    unavailable: req.headers['x-auth-unavailable'] ?? null,
    roles: req.headers['x-roles'] ?? null,
  });
}

const FORGED = { 'x-user': 'admin', 'x-auth-unavailable': 'true', 'x-roles': 'root' };
const NOTHING = { user: null, unavailable: null, roles: null };

describe('a route where an auth filter is disabled (false)', () => {
  let url: string;
  before(async () => {
    url = `http://127.0.0.1:${await closedPort()}/check`;
  });

  it('remoteBasicAuth: client-sent identity, copied and fail-open headers never reach the handler', async () => {
    const auth = filterChain([
      remoteBasicAuth({ url, identityHeader: 'x-user', copyResponseHeaders: ['x-roles'] }),
    ]);
    const app = express();
    app.get('/health', auth.route({ remoteBasicAuth: false }), echoForged);
    const res = await request(app).get('/health').set(FORGED).expect(200);
    expect(res.body).to.deep.equal(NOTHING);
  });

  it('remoteAuth: client-sent upstream and fail-open headers never reach the handler', async () => {
    const auth = filterChain([
      remoteAuth({
        url,
        allowedHeaders: ['authorization'],
        upstreamHeaders: ['x-user', 'x-roles'],
      }),
    ]);
    const app = express();
    app.get('/health', auth.route({ remoteAuth: false }), echoForged);
    const res = await request(app).get('/health').set(FORGED).expect(200);
    expect(res.body).to.deep.equal(NOTHING);
  });

  it('basicAuth: a client-sent identity header never reaches the handler', async () => {
    const auth = filterChain([basicAuth({ users: { foo: 'bar' }, identityHeader: 'x-user' })]);
    const app = express();
    app.get('/health', auth.route({ basicAuth: false }), echoForged);
    const res = await request(app).get('/health').set(FORGED).expect(200);
    expect(res.body.user).to.equal(null);
  });
});
