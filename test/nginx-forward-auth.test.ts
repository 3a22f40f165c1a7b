import { readFileSync } from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { remoteBasicAuth } from '@streamfilter/filters';
import { forwardAuth } from '@streamfilter/node';
import { expect } from 'chai';
import request from 'supertest';
import { AuthService, basic, closedPort } from '../packages/filters/test/support/auth-service';
import { onHeaders } from '../packages/node/test/forward-auth/filters';
import { type Served, serve } from '../packages/node/test/forward-auth/serve';
import { curl } from './support/curl';
import { ROOT } from './support/markdown';
import { assertNginxModule, freePort, Nginx } from './support/nginx';

/** An upstream app that answers with what it received, as JSON. */
function echo(req: http.IncomingMessage, res: http.ServerResponse): void {
  const body = JSON.stringify({ method: req.method, path: req.url, headers: req.headers });
  res.writeHead(200, { 'content-type': 'application/json' }).end(body);
}

/** The example's nginx.conf, with its ports (8080, 9000, 3000) moved to the real ones. */
function exampleConfig(ports: Record<number, number>): string {
  let config = readFileSync(path.join(ROOT, 'examples/nginx-forward-auth/nginx.conf'), 'utf8');
  for (const [shown, real] of Object.entries(ports)) {
    config = config.replaceAll(`127.0.0.1:${shown};`, `127.0.0.1:${real};`);
  }
  return config;
}

interface Answer {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
}

function get(url: string, headers: Record<string, string> = {}): Promise<Answer> {
  return new Promise((resolve, reject) => {
    http
      .get(url, { headers, agent: false }, (res) => {
        let body = '';
        res.setEncoding('utf8').on('data', (chunk: string) => {
          body += chunk;
        });
        res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body }));
      })
      .on('error', reject);
  });
}

describe('nginx auth_request in front of an app, asking forwardAuth (real nginx)', function () {
  this.timeout(30_000);
  let service: AuthService;
  let app: Served;
  let auth: Served;
  let nginx: Nginx;
  const received: http.IncomingHttpHeaders[] = [];
  const judged: string[] = [];
  const recorder = onHeaders((headers, callbacks) => {
    judged.push(`${headers.method} ${headers.path} from ${callbacks.streamInfo.remoteAddress}`);
  }, 'recorder');

  before(async () => {
    assertNginxModule('http_auth_request_module');
    service = await AuthService.start();
    app = await serve((req, res) => {
      received.push(req.headers);
      echo(req, res);
    });
    auth = await serve(
      forwardAuth(
        [recorder, remoteBasicAuth({ url: service.url, identityHeader: 'x-authenticated-user' })],
        {
          trustForwardedHeaders: true,
          proxy: 'nginx',
          logger: () => {},
        },
      ),
    );
    const port = await freePort();
    nginx = await Nginx.start(exampleConfig({ 8080: port, 9000: auth.port, 3000: app.port }), port);
  });

  after(async () => {
    await nginx?.stop();
    await auth?.close();
    await app?.close();
    await service?.close();
  });

  beforeEach(() => {
    service.mode = 'accept';
    received.length = 0;
    judged.length = 0;
  });

  it('answers 401 with the challenge when no Authorization is sent', async () => {
    const res = await get(`${nginx.url}/status/200`);
    expect(res.status).to.equal(401);
    expect(res.headers['www-authenticate']).to.equal('Basic realm="Restricted", charset="UTF-8"');
    expect(received).to.deep.equal([]);
  });

  it('lets foo:bar through, and the app sees the identity header', async () => {
    const res = await get(`${nginx.url}/anything?q=1`, { authorization: 'basic Zm9vOmJhcg==' });
    expect(res.status).to.equal(200);
    expect(JSON.parse(res.body)).to.deep.include({ method: 'GET', path: '/anything?q=1' });
    expect(received).to.have.length(1);
    expect(received[0]!['x-authenticated-user']).to.equal('foo');
  });

  it('has the filters judge the request line the client sent, not the auth subrequest', async () => {
    const res = await request(nginx.url)
      .delete('/private/report?id=7')
      .set('authorization', basic('foo', 'bar'));
    expect(res.status).to.equal(200);
    expect(judged).to.deep.equal(['DELETE /private/report?id=7 from 127.0.0.1']);
  });

  it("replaces a client's own x-authenticated-user with the filter's", async () => {
    const res = await get(`${nginx.url}/headers`, {
      authorization: basic('foo', 'bar'),
      'x-authenticated-user': 'mallory',
    });
    expect(res.status).to.equal(200);
    expect(received[0]!['x-authenticated-user']).to.equal('foo');
  });

  it('answers 401 with the challenge for a wrong password, and the app sees nothing', async () => {
    const res = await get(`${nginx.url}/status/200`, { authorization: basic('foo', 'baz') });
    expect(res.status).to.equal(401);
    expect(res.headers['www-authenticate']).to.equal('Basic realm="Restricted", charset="UTF-8"');
    expect(received).to.deep.equal([]);
  });

  it('answers 503 with Retry-After when the auth service is in trouble, not 401', async () => {
    service.mode = 'status';
    service.status = 500;
    const res = await get(`${nginx.url}/status/200`, { authorization: basic('foo', 'bar') });
    expect(res.status).to.equal(503);
    expect(res.headers['retry-after']).to.equal('5');
    expect(res.body).to.equal('auth service unavailable\n');
    expect(received).to.deep.equal([]);
  });

  it("replays the seed's curl session through nginx: 401 with one challenge, then 200", async () => {
    const port = nginx.port;
    const noHeader = await curl(`curl -s -I http://127.0.0.1:${port}/status/200`);
    expect(noHeader).to.match(/^HTTP\/1\.1 401 Unauthorized\r\n/);
    expect(noHeader.match(/^www-authenticate: .*$/gim)).to.deep.equal([
      'www-authenticate: Basic realm="Restricted", charset="UTF-8"',
    ]);
    const foo = await curl(
      `curl -s -I http://127.0.0.1:${port}/status/200 -H 'Authorization: basic Zm9vOmJhcg=='`,
    );
    expect(foo).to.match(/^HTTP\/1\.1 200 OK\r\n/);
  });

  it('ignores the X-Original-* headers a client sends: nginx sets its own', async () => {
    const res = await request(nginx.url)
      .delete('/private')
      .set('x-original-uri', '/public')
      .set('x-original-method', 'GET')
      .set('authorization', basic('foo', 'bar'));
    expect(res.status).to.equal(200);
    expect(judged).to.deep.equal(['DELETE /private from 127.0.0.1']);
  });

  it('answers 503 with Retry-After when forward auth itself is down', async () => {
    const port = await freePort();
    const config = exampleConfig({ 8080: port, 9000: await closedPort(), 3000: app.port });
    const down = await Nginx.start(config, port);
    try {
      const res = await get(`${down.url}/status/200`, { authorization: basic('foo', 'bar') });
      expect(res.status).to.equal(503);
      expect(res.headers['retry-after']).to.equal('5');
      expect(received).to.deep.equal([]);
    } finally {
      await down.stop();
    }
  });
});
