import { remoteBasicAuth } from '@streamfilter/filters';
import { type ForwardAuthOptions, forwardAuth } from '@streamfilter/node';
import { expect } from 'chai';
import request from 'supertest';
import { AuthService, basic } from '../../../filters/test/support/auth-service';
import { onHeaders } from './filters';
import { type Served, serve } from './serve';

// Each proxy's auth request, as its documentation describes it, sent straight to forwardAuth.
// Traefik ForwardAuth: GET to its `address`, the client's headers, plus X-Forwarded-Method,
//   -Proto, -Host, -Uri, -For; a 2xx lets the request through (copying `authResponseHeaders`),
//   any other answer goes back to the client as it is.
// Envoy ext_authz, HTTP service: the original method, path (after `path_prefix`) and Host, with
//   Authorization; 200 lets the request through (copying `allowed_upstream_headers`), any other
//   answer goes back to the client with its status, body and allowed headers.
// nginx auth_request: a GET subrequest to the auth location; the config adds X-Original-Method
//   and X-Original-URI; 2xx allows, 401 and 403 deny, anything else is a 500.

describe('forwardAuth() under the request shapes of Traefik, Envoy and nginx', () => {
  let service: AuthService;
  let server: Served | undefined;
  const judged: string[] = [];
  const recorder = onHeaders((headers, callbacks) => {
    const { remoteAddress } = callbacks.streamInfo;
    judged.push(
      `${headers.method} ${headers.scheme}://${headers.host}${headers.path} from ${remoteAddress}`,
    );
  }, 'recorder');

  before(async () => {
    service = await AuthService.start();
  });

  after(() => service.close());

  afterEach(async () => {
    judged.length = 0;
    await server?.close();
    server = undefined;
  });

  async function start(options: ForwardAuthOptions) {
    const auth = remoteBasicAuth({ url: service.url, identityHeader: 'x-authenticated-user' });
    server = await serve(forwardAuth([recorder, auth], options));
    return request(server.url);
  }

  describe('Traefik ForwardAuth', () => {
    const traefik = (agent: request.Agent | ReturnType<typeof request>) =>
      agent
        .get('/auth')
        .set('host', 'auth.internal:9000')
        .set('x-forwarded-method', 'PUT')
        .set('x-forwarded-proto', 'https')
        .set('x-forwarded-host', 'app.example')
        .set('x-forwarded-uri', '/api/orders?id=7')
        .set('x-forwarded-for', '198.51.100.1, 203.0.113.7');

    it('has the filters judge the original request, from the X-Forwarded-* headers', async () => {
      const agent = await start({ trustForwardedHeaders: true, proxy: 'traefik' });
      await traefik(agent).set('authorization', basic('foo', 'bar')).expect(200);
      expect(judged).to.deep.equal(['PUT https://app.example/api/orders?id=7 from 203.0.113.7']);
    });

    it('answers 200 with the identity header, for authResponseHeaders to copy', async () => {
      const agent = await start({ trustForwardedHeaders: true, proxy: 'traefik' });
      const res = await traefik(agent)
        .set('authorization', basic('foo', 'bar'))
        .set('x-authenticated-user', 'mallory')
        .expect(200, '');
      expect(res.headers['x-authenticated-user']).to.equal('foo');
      expect(res.headers).to.not.have.property('authorization');
    });

    it('answers the 401 itself, body and challenge, which Traefik hands to the client', async () => {
      const agent = await start({ trustForwardedHeaders: true, proxy: 'traefik' });
      const res = await traefik(agent).set('authorization', basic('foo', 'baz')).expect(401);
      expect(res.text).to.equal('invalid username or password');
      expect(res.headers['www-authenticate']).to.equal('Basic realm="Restricted", charset="UTF-8"');
    });

    it('answers 503 when the auth service is in trouble, which Traefik hands to the client', async () => {
      const agent = await start({
        trustForwardedHeaders: true,
        proxy: 'traefik',
        logger: () => {},
      });
      service.mode = 'status';
      try {
        await traefik(agent).set('authorization', basic('foo', 'bar')).expect(503);
      } finally {
        service.mode = 'accept';
      }
    });

    it('judges the auth request as it arrived when the headers are not trusted', async () => {
      const agent = await start({ proxy: 'traefik' });
      await traefik(agent).set('authorization', basic('foo', 'bar')).expect(200);
      expect(judged).to.deep.equal(['GET http://auth.internal:9000/auth from 127.0.0.1']);
    });
  });

  describe('Envoy ext_authz (HTTP service)', () => {
    const envoy = (agent: ReturnType<typeof request>) =>
      agent
        .post('/api/orders?id=7')
        .set('host', 'app.example')
        .set('content-length', '0')
        .set('x-envoy-expected-rq-timeout-ms', '200');

    it('has the filters judge the original method, path and host, with nothing trusted', async () => {
      const agent = await start({ proxy: 'envoy' });
      await envoy(agent).set('authorization', basic('foo', 'bar')).expect(200);
      expect(judged).to.deep.equal(['POST http://app.example/api/orders?id=7 from 127.0.0.1']);
    });

    it('answers exactly 200 with the identity header, for allowed_upstream_headers', async () => {
      const agent = await start({ proxy: 'envoy' });
      const res = await envoy(agent).set('authorization', basic('foo', 'bar')).expect(200);
      expect(res.headers['x-authenticated-user']).to.equal('foo');
    });

    it('answers 401 with body and challenge, which Envoy sends to the client', async () => {
      const agent = await start({ proxy: 'envoy' });
      const res = await envoy(agent).expect(401, 'no Authorization');
      expect(res.headers['www-authenticate']).to.equal('Basic realm="Restricted", charset="UTF-8"');
    });
  });

  describe('nginx auth_request', () => {
    const nginx = (agent: ReturnType<typeof request>) =>
      agent
        .get('/_forward_auth')
        .set('host', 'app.example')
        .set('x-original-method', 'DELETE')
        .set('x-original-uri', '/api/orders/7')
        .set('x-forwarded-for', '203.0.113.7');

    it('has the filters judge the original request, from X-Original-Method and -URI', async () => {
      const agent = await start({ trustForwardedHeaders: true, proxy: 'nginx' });
      await nginx(agent).set('authorization', basic('foo', 'bar')).expect(200);
      expect(judged).to.deep.equal(['DELETE http://app.example/api/orders/7 from 203.0.113.7']);
    });

    it('answers 400, naming no header value, for an X-Original-URI that is no path', async () => {
      const agent = await start({ trustForwardedHeaders: true, proxy: 'nginx', logger: () => {} });
      await nginx(agent)
        .set('x-original-uri', 'http://elsewhere/')
        .expect(400, 'invalid forwarded request line');
      expect(judged).to.deep.equal([]);
    });

    it('answers 401 with the challenge, which nginx passes on', async () => {
      const agent = await start({ trustForwardedHeaders: true, proxy: 'nginx' });
      const res = await nginx(agent).expect(401);
      expect(res.headers['www-authenticate']).to.equal('Basic realm="Restricted", charset="UTF-8"');
    });
  });
});
