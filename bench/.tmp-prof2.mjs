import { once } from 'node:events';
import http from 'node:http';
import { Duplex } from 'node:stream';
import { baseline, candidate, nginxAuthHeaders } from './lib/forward-auth-variants.mjs';

const HEADERS = {
  host: 'auth.internal',
  ...nginxAuthHeaders(`Basic ${Buffer.from('foo:bar').toString('base64')}`),
};
const RAW = Object.entries(HEADERS).flat();
class NullSocket extends Duplex {
  _read() {}
  _write(c, e, cb) {
    cb();
  }
  _writev(c, cb) {
    cb();
  }
}
async function handle(listener) {
  const socket = new NullSocket();
  const req = new http.IncomingMessage(socket);
  req.method = 'GET';
  req.url = '/_forward_auth';
  req.httpVersion = '1.1';
  req.httpVersionMajor = 1;
  req.httpVersionMinor = 1;
  req.headers = { ...HEADERS };
  req.rawHeaders = RAW;
  req.complete = true;
  req.push(null);
  const res = new http.ServerResponse(req);
  res.assignSocket(socket);
  const finished = once(res, 'finish');
  listener(req, res);
  await finished;
}
const service = http.createServer((req, res) => {
  req.resume();
  req.on('end', () => res.writeHead(200).end());
});
await new Promise((r) => service.listen(0, '127.0.0.1', r));
const l = (process.env.V === 'base' ? baseline : candidate)(
  `http://127.0.0.1:${service.address().port}/check`,
);
for (let i = 0; i < 300000; i++) await handle(l);
service.close();
