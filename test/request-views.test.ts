import type { IncomingMessage, RequestListener } from 'node:http';
import { filterChain } from '@streamfilter/express';
import { basicAuth } from '@streamfilter/filters';
import { withFilters } from '@streamfilter/node';
import { expect } from 'chai';
import express5 from 'express';
import express4 from 'express4';
import { listen, rawRequest } from '../packages/node/test/support/servers';

/**
 * Issue: a client-sent identity header must not survive in any view of the request the app may
 * read, once the filter replaced it. Every view is checked, on every host, over a raw socket.
 */
const IDENTITY = 'x-authenticated-user';
const FORGED = [
  'GET /whoami HTTP/1.1',
  'Host: 127.0.0.1',
  'X-Authenticated-User: admin',
  'x-authenticated-user: root',
  'Authorization: Basic Zm9vOmJhcg==',
  'X-Kept: 1',
].join('\r\n');

const auth = () => basicAuth({ users: { foo: 'bar' }, identityHeader: IDENTITY });

/** Every view of the identity header the app may read, as JSON. */
function views(req: IncomingMessage, get?: (name: string) => unknown) {
  const raw: string[] = [];
  for (let i = 0; i < req.rawHeaders.length; i += 2) {
    if (req.rawHeaders[i]!.toLowerCase() === IDENTITY) raw.push(req.rawHeaders[i + 1]!);
  }
  return {
    headers: req.headers[IDENTITY],
    headersDistinct: req.headersDistinct[IDENTITY],
    rawHeaders: raw,
    get: get?.('X-Authenticated-User'),
    kept: [req.headers['x-kept'], req.headersDistinct['x-kept'], req.rawHeaders.includes('X-Kept')],
  };
}

function bodyOf(response: string): unknown {
  expect(response).to.match(/^HTTP\/1\.1 200 /);
  return JSON.parse(response.slice(response.indexOf('\r\n\r\n') + 4));
}

const expected = {
  headers: 'foo',
  headersDistinct: ['foo'],
  rawHeaders: ['foo'],
  kept: ['1', ['1'], true],
};

const hosts: { name: string; listener: () => RequestListener; get: boolean }[] = [
  {
    name: 'node:http withFilters',
    get: false,
    listener: () =>
      withFilters([auth()], (req, res) => {
        res.end(JSON.stringify(views(req)));
      }),
  },
  ...[
    { name: 'Express 5', express: express5 },
    { name: 'Express 4', express: express4 as unknown as typeof express5 },
  ].map(({ name, express }) => ({
    name,
    get: true,
    listener: () => {
      const app = express();
      app.use(filterChain([auth()]));
      app.get('/whoami', (req, res) => {
        res.json(views(req, (header) => req.get(header)));
      });
      return app as unknown as RequestListener;
    },
  })),
];

describe('what the app reads of a replaced identity header', () => {
  for (const { name, listener, get } of hosts) {
    it(`agrees in headers, headersDistinct, rawHeaders${get ? ' and req.get()' : ''} (${name})`, async () => {
      const server = await listen(listener());
      try {
        const body = bodyOf(await rawRequest(server.port, FORGED));
        expect(body).to.deep.equal(get ? { ...expected, get: 'foo' } : expected);
      } finally {
        await server.close();
      }
    });
  }
});
