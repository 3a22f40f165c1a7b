import type { IncomingMessage, RequestListener } from 'node:http';
import type { ChainableFilter } from '@streamfilter/core';
import { filterChain } from '@streamfilter/express';
import { basicAuth, remoteBasicAuth } from '@streamfilter/filters';
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
/** A loopback port nothing listens on: the auth service is down. */
let closedPort = 0;
/** The fail-open warning is expected here. */
const quiet = () => {};
const FORGED = [
  'GET /whoami HTTP/1.1',
  'Host: 127.0.0.1',
  'X-Authenticated-User: admin',
  'x-authenticated-user: root',
  'X-Auth-Unavailable: false',
  'Authorization: Basic Zm9vOmJhcg==',
  'X-Kept: 1',
].join('\r\n');

/** What each view should show: `undefined` for a header that must be gone. */
function expectedViews(value: string | undefined, get: boolean) {
  const views = {
    headers: value,
    headersDistinct: value === undefined ? undefined : [value],
    rawHeaders: value === undefined ? [] : [value],
    ...(get ? { get: value } : {}),
  };
  return JSON.parse(JSON.stringify(views)); // as the app sent it: absent views drop out
}

/** The auth filters, each with what the app should see of the identity and fail-open headers. */
const scenarios: {
  name: string;
  auth: () => ChainableFilter;
  identity: string | undefined;
  unavailable: string | undefined;
}[] = [
  {
    name: 'basicAuth',
    auth: () => basicAuth({ users: { foo: 'bar' }, identityHeader: IDENTITY }),
    identity: 'foo',
    unavailable: 'false', // not basicAuth's header: left as sent
  },
  {
    name: 'remoteBasicAuth, failOpen, service down',
    auth: () =>
      remoteBasicAuth({
        url: `http://127.0.0.1:${closedPort}/check`,
        identityHeader: IDENTITY,
        failOpen: true,
      }),
    identity: undefined,
    unavailable: 'true',
  },
];

/** Every view of header `name` the app may read. */
function viewsOf(req: IncomingMessage, name: string, get?: (name: string) => unknown) {
  const raw: string[] = [];
  for (let i = 0; i < req.rawHeaders.length; i += 2) {
    if (req.rawHeaders[i]!.toLowerCase() === name) raw.push(req.rawHeaders[i + 1]!);
  }
  return {
    headers: req.headers[name],
    headersDistinct: req.headersDistinct[name],
    rawHeaders: raw,
    get: get?.(name.toUpperCase()),
  };
}

/** Every view of the identity and fail-open headers, and of one the filters left alone. */
function views(req: IncomingMessage, get?: (name: string) => unknown) {
  return {
    identity: viewsOf(req, IDENTITY, get),
    unavailable: viewsOf(req, 'x-auth-unavailable', get),
    kept: viewsOf(req, 'x-kept', get),
  };
}

function bodyOf(response: string): unknown {
  expect(response).to.match(/^HTTP\/1\.1 200 /);
  return JSON.parse(response.slice(response.indexOf('\r\n\r\n') + 4));
}

const hosts: {
  name: string;
  listener: (auth: ChainableFilter) => RequestListener;
  get: boolean;
}[] = [
  {
    name: 'node:http withFilters',
    get: false,
    listener: (auth) =>
      withFilters(
        [auth],
        (req, res) => {
          res.end(JSON.stringify(views(req)));
        },
        { logger: quiet },
      ),
  },
  ...[
    { name: 'Express 5', express: express5 },
    { name: 'Express 4', express: express4 as unknown as typeof express5 },
  ].map(({ name, express }) => ({
    name,
    get: true,
    listener: (auth: ChainableFilter) => {
      const app = express();
      app.use(filterChain([auth], { logger: quiet }));
      app.get('/whoami', (req, res) => {
        res.json(views(req, (header) => req.get(header)));
      });
      return app as unknown as RequestListener;
    },
  })),
];

describe('what the app reads of a client-sent identity header the filter replaced', () => {
  before(async () => {
    const closed = await listen(() => {});
    closedPort = closed.port;
    await closed.close();
  });

  for (const scenario of scenarios) {
    for (const { name, listener, get } of hosts) {
      it(`agrees in headers, headersDistinct, rawHeaders${get ? ', req.get()' : ''} (${scenario.name}, ${name})`, async () => {
        const server = await listen(listener(scenario.auth()));
        try {
          const body = bodyOf(await rawRequest(server.port, FORGED));
          expect(body).to.deep.equal({
            identity: expectedViews(scenario.identity, get),
            unavailable: expectedViews(scenario.unavailable, get),
            kept: expectedViews('1', get),
          });
        } finally {
          await server.close();
        }
      });
    }
  }
});
