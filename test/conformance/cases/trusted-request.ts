import { basicAuth } from '@streamfilter/filters';
import { expect } from 'chai';
import { rawRequest } from '../../../packages/node/test/support/servers';
import { filter } from '../../support/filters';
import { serve, type Topic } from '../case';
import type { Echo } from '../host';

/** Paths the path rule saw, in order. */
const seen: string[] = [];

/** A path-based rule (an ACL): 403 for `/routed/a`, records every path it sees. */
const pathRule = filter('path-rule', (callbacks) => ({
  decodeHeaders(headers) {
    seen.push(headers.path);
    if (headers.path.startsWith('/routed/a')) callbacks.sendLocalReply(403, 'forbidden');
  },
}));

const auth = basicAuth({ users: { foo: 'bar' }, identityHeader: 'x-authenticated-user' });

/** The status code and body of a raw HTTP/1.1 response. */
function parse(response: string): { status: number; body: string } {
  return {
    status: Number(response.slice(9, 12)),
    body: response.slice(response.indexOf('\r\n\r\n') + 4),
  };
}

/** What the app can trust: the path filters judged and the identity they set. Raw sockets. */
export const trustedRequest: Topic = {
  name: 'what the app can trust',
  cases: [
    {
      name: 'shows filters the path the framework routes on for an absolute-form target',
      run: (host) =>
        serve(host, { filters: [pathRule] }, async ({ port, handled }) => {
          seen.length = 0;
          const head = (path: string) =>
            `GET http://127.0.0.1:${port}${path} HTTP/1.1\r\nHost: 127.0.0.1:${port}`;
          expect(parse(await rawRequest(port, head('/routed/a')))).to.deep.equal({
            status: 403,
            body: 'forbidden',
          });
          expect(parse(await rawRequest(port, head('/routed/b?x=1')))).to.deep.equal({
            status: 200,
            body: 'b',
          });
          expect(seen).to.deep.equal(['/routed/a', '/routed/b?x=1']);
          // The handler ran once, for /routed/b (some frameworks keep the authority in the URL).
          expect(handled).to.have.length(1);
          expect(handled[0]).to.match(/^GET (http:\/\/[^/]+)?\/routed\/b$/);
        }),
    },
    {
      name: 'shows the handler the identity the filter set, not the one the client forged',
      run: (host) =>
        serve(host, { filters: [auth] }, async ({ port }) => {
          const forged = [
            'GET /echo HTTP/1.1',
            'Host: 127.0.0.1',
            'X-Authenticated-User: admin',
            'x-authenticated-user: root',
            'Authorization: Basic Zm9vOmJhcg==',
          ].join('\r\n');
          const { status, body } = parse(await rawRequest(port, forged));
          expect(status).to.equal(200);
          const echo = JSON.parse(body) as Echo;
          expect(echo.headers['x-authenticated-user']).to.equal('foo');
        }),
    },
  ],
};
