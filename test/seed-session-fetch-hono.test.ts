import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { filterChain as expressChain } from '@streamfilter/express';
import { withFilters } from '@streamfilter/fetch';
import { remoteBasicAuth } from '@streamfilter/filters';
import { filterChain as honoChain } from '@streamfilter/hono';
import { expect } from 'chai';
import express from 'express';
import { Hono } from 'hono';
import { AuthService } from '../packages/filters/test/support/auth-service';
import { curl } from './support/curl';

interface Host {
  name: string;
  port: number;
  close(): Promise<void>;
}

function closer(server: { close(cb: () => void): unknown; closeAllConnections?(): void }) {
  return () =>
    new Promise<void>((resolve) => {
      server.closeAllConnections?.();
      server.close(() => resolve());
    });
}

/** A fetch handler on @hono/node-server, on a loopback ephemeral port. */
function serveFetch(name: string, fetch: (request: Request) => Response | Promise<Response>) {
  return new Promise<Host>((resolve) => {
    const server = serve({ fetch, port: 0, hostname: '127.0.0.1' }, (info) =>
      resolve({ name, port: (info as AddressInfo).port, close: closer(server) }),
    );
  });
}

/** The status line, the WWW-Authenticate challenge and the body of what `curl -s -i` printed. */
function essentials(output: string): string[] {
  const [head = '', body = ''] = output.split('\r\n\r\n');
  const challenge = /^www-authenticate: (.*)$/im.exec(head)?.[1] ?? '(no challenge)';
  return [head.split('\r\n')[0]!, challenge, body];
}

describe('the seed curl session with one remoteBasicAuth filter object on Express, Hono and a bare fetch handler', () => {
  let service: AuthService;
  let hosts: Host[];
  const logged: string[] = [];
  const options = {
    logger: (level: string, message: string) => void logged.push(`${level}: ${message}`),
  };

  before(async () => {
    service = await AuthService.start();
    // One filter object, unchanged, under three hosts.
    const auth = remoteBasicAuth({
      host: '127.0.0.1',
      port: service.port,
      identityHeader: 'x-authenticated-user',
    });

    const expressApp = express();
    expressApp.disable('x-powered-by');
    expressApp.use(expressChain([auth], options));
    expressApp.get('/status/200', (req, res) => {
      res.type('text/plain').send(`hello ${req.headers['x-authenticated-user']}`);
    });
    const expressServer = expressApp.listen(0, '127.0.0.1');
    await new Promise((resolve) => expressServer.once('listening', resolve));

    const honoApp = new Hono();
    honoApp.use('/status/*', honoChain([auth], options));
    honoApp.get('/status/200', (c) => c.text(`hello ${c.req.header('x-authenticated-user')}`));

    const handler = withFilters(
      [auth],
      (request) => new Response(`hello ${request.headers.get('x-authenticated-user')}`),
      options,
    );

    hosts = [
      {
        name: 'Express',
        port: (expressServer.address() as AddressInfo).port,
        close: closer(expressServer),
      },
      await serveFetch('Hono', honoApp.fetch),
      await serveFetch('fetch', handler),
    ];
  });

  after(async () => {
    await Promise.all(hosts.map((host) => host.close()));
    await service.close();
  });

  async function session(command: string): Promise<Record<string, string[]>> {
    const outputs: Record<string, string[]> = {};
    for (const host of hosts) {
      outputs[host.name] = essentials(await curl(command.replace('PORT', String(host.port))));
    }
    return outputs;
  }

  function same(expected: string[]): Record<string, string[]> {
    return { Express: expected, Hono: expected, fetch: expected };
  }

  it('curl -s -i .../status/200: 401 "no Authorization" with a challenge, everywhere', async () => {
    expect(await session('curl -s -i http://127.0.0.1:PORT/status/200')).to.deep.equal(
      same([
        'HTTP/1.1 401 Unauthorized',
        'Basic realm="Restricted", charset="UTF-8"',
        'no Authorization',
      ]),
    );
  });

  it("curl -s -i .../status/200 -H 'Authorization: basic Zm9vOmJhcg==': 200 for foo, everywhere", async () => {
    const before = service.calls;
    expect(
      await session(
        "curl -s -i http://127.0.0.1:PORT/status/200 -H 'Authorization: basic Zm9vOmJhcg=='",
      ),
    ).to.deep.equal(same(['HTTP/1.1 200 OK', '(no challenge)', 'hello foo']));
    expect(service.checks.slice(before).map((check) => check.body)).to.deep.equal(
      Array(3).fill({ username: 'foo', password: 'bar' }),
    );
  });

  it('a wrong password: 401 "invalid username or password", everywhere', async () => {
    expect(await session("curl -s -i http://127.0.0.1:PORT/status/200 -u 'foo:baz'")).to.deep.equal(
      same([
        'HTTP/1.1 401 Unauthorized',
        'Basic realm="Restricted", charset="UTF-8"',
        'invalid username or password',
      ]),
    );
  });

  it('the auth service stopped: 503, not 401, everywhere', async () => {
    await service.close();
    expect(await session("curl -s -i http://127.0.0.1:PORT/status/200 -u 'foo:bar'")).to.deep.equal(
      same(['HTTP/1.1 503 Service Unavailable', '(no challenge)', 'auth service unavailable']),
    );
    expect(logged).to.have.length(3);
    expect(logged.join('\n')).to.not.match(/\bbar\b|Zm9v/);
  });
});
