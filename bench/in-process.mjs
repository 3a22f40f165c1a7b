// Per-request cost of each Express variant with no sockets and no load generator: requests are
// handed to the app in this process as IncomingMessage/ServerResponse pairs over a null socket,
// one after another, and timed. Far less noisy than req/s on a small shared machine, it says
// what the middleware itself costs. The HTTP scenarios remain the end-to-end figures.
//   npm run build && node bench/in-process.mjs [--json] [--rounds N] [--requests N]
import http from 'node:http';
import { filterChain } from '@streamfilter/express';
import { basicAuth, remoteBasicAuth } from '@streamfilter/filters';
import { tracing } from '@streamfilter/opentelemetry';
import { metrics } from '@streamfilter/prometheus';
import express from 'express';
import expressBasicAuth from 'express-basic-auth';
import { Registry } from 'prom-client';
import { nodeRequest, runInProcess, wallTime } from './lib/in-process.mjs';

const AUTHORIZATION = `Basic ${Buffer.from('foo:bar').toString('base64')}`;
const users = { foo: 'bar' };

function app(middleware) {
  const server = express();
  server.disable('x-powered-by');
  server.disable('etag');
  if (middleware) server.use(middleware);
  server.get('/', function hello(_req, res) {
    res.send('hello world');
  });
  return server;
}

// The auth service the cached variant asks once (on loopback), before its measured requests.
const service = http.createServer((req, res) => {
  req.resume();
  req.on('end', () => res.writeHead(200).end());
});
await new Promise((resolve) => service.listen(0, '127.0.0.1', resolve));
const checkUrl = `http://127.0.0.1:${service.address().port}/check`;

const noop = { name: 'noop', create: () => ({ decodeHeaders() {} }) };
// Both observers on. No OpenTelemetry SDK is registered, as in an app that has not set one up;
// the no-op chain never parks, so `tracing()` would make no span with one either.
const observers = [metrics({ registry: new Registry() }), tracing()];
const variants = {
  express: app(),
  'filterChain([noop])': app(filterChain([noop])),
  'filterChain([noop]) + observers': app(filterChain([noop], { observers })),
  'express-basic-auth': app(expressBasicAuth({ users, challenge: true, realm: 'bench' })),
  basicAuth: app(filterChain([basicAuth({ users, realm: 'bench' })])),
  'remoteBasicAuth + cache': app(
    filterChain([remoteBasicAuth({ url: checkUrl, realm: 'bench', cache: true })]),
  ),
};
const comparisons = [
  ['Express adapter (in-process)', 'express', 'filterChain([noop])', 0.95],
  [
    'Observers: metrics() + tracing() (in-process)',
    'filterChain([noop])',
    'filterChain([noop]) + observers',
    0.95,
  ],
  ['Basic Auth (in-process)', 'express-basic-auth', 'basicAuth', 1.0],
  [
    'Remote Basic Auth, cache on (in-process)',
    'express-basic-auth',
    'remoteBasicAuth + cache',
    0.9,
  ],
];

await runInProcess({
  title: 'in-process',
  variants,
  comparisons,
  send: nodeRequest({
    headers: { host: 'localhost', authorization: AUTHORIZATION },
    rawHeaders: ['Host', 'localhost', 'Authorization', AUTHORIZATION],
  }),
  clock: wallTime,
});
service.close();
