import type { ChainableFilter } from '@streamfilter/core';
import { remoteBasicAuth } from '@streamfilter/filters';
import { expect } from 'chai';
import { AuthService } from '../../../packages/filters/test/support/auth-service';
import { curl } from '../../support/curl';
import { serve, type Topic } from '../case';

let service: AuthService;
/** One filter object, made once, mounted unchanged on every host. */
let auth: ChainableFilter;

/** The status line and body of what `curl -s -i` printed. */
function statusAndBody(output: string): [string, string] {
  const head = output.slice(0, output.indexOf('\r\n'));
  return [head, output.slice(output.indexOf('\r\n\r\n') + 4)];
}

export const remoteBasicAuthSession: Topic = {
  name: "remoteBasicAuth, the seed's curl session",
  async before() {
    service = await AuthService.start();
    auth = remoteBasicAuth({ host: '127.0.0.1', port: service.port });
  },
  async after() {
    await service.close();
  },
  cases: [
    {
      name: 'answers 401 "no Authorization" with a challenge, without asking the service',
      run: (host) =>
        serve(host, { filters: [auth] }, async ({ url, handled }) => {
          const calls = service.calls;
          const output = await curl(`curl -s -i ${url}/text`);
          expect(statusAndBody(output)).to.deep.equal([
            'HTTP/1.1 401 Unauthorized',
            'no Authorization',
          ]);
          expect(output).to.match(
            /^www-authenticate: Basic realm="Restricted", charset="UTF-8"\r$/im,
          );
          expect(service.calls).to.equal(calls);
          expect(handled).to.deep.equal([]);
        }),
    },
    {
      name: 'lets "Authorization: basic Zm9vOmJhcg==" (foo:bar) through, checked by the service',
      run: (host) =>
        serve(host, { filters: [auth] }, async ({ url, handled }) => {
          const calls = service.calls;
          const output = await curl(
            `curl -s -i ${url}/text -H 'Authorization: basic Zm9vOmJhcg=='`,
          );
          expect(statusAndBody(output)).to.deep.equal(['HTTP/1.1 200 OK', 'hello']);
          expect(service.checks.slice(calls).map((check) => check.raw)).to.deep.equal([
            '{"username":"foo","password":"bar"}',
          ]);
          expect(handled).to.deep.equal(['GET /text']);
        }),
    },
    {
      name: 'answers 401 "invalid username or password" when the service says no',
      run: (host) =>
        serve(host, { filters: [auth] }, async ({ url, handled }) => {
          const output = await curl(`curl -s -i -u foo:baz ${url}/text`);
          expect(statusAndBody(output)).to.deep.equal([
            'HTTP/1.1 401 Unauthorized',
            'invalid username or password',
          ]);
          expect(handled).to.deep.equal([]);
        }),
    },
    {
      name: 'answers 401 "invalid Authorization format" for a header that is not Basic credentials',
      run: (host) =>
        serve(host, { filters: [auth] }, async ({ url }) => {
          const output = await curl(`curl -s -i ${url}/text -H 'Authorization: Bearer abc'`);
          expect(statusAndBody(output)).to.deep.equal([
            'HTTP/1.1 401 Unauthorized',
            'invalid Authorization format',
          ]);
        }),
    },
  ],
};
