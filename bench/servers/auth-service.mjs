// The auth service the remote scenarios call: POST JSON {username, password}; 200 for foo:bar
// (and for the shared-cache scenario's userN:passN), 401 otherwise. `GET /calls` answers how
// many checks it got, and resets the count. Prints `{"port":N}` once listening on an ephemeral
// loopback port.
import http from 'node:http';
import { announce } from './control.mjs';

let calls = 0;

function known(username, password) {
  if (username === 'foo') return password === 'bar';
  const n = /^user(\d+)$/.exec(username)?.[1];
  return n !== undefined && password === `pass${n}`;
}

const server = http.createServer((req, res) => {
  if (req.method === 'GET' && req.url === '/calls') {
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ calls }));
    calls = 0;
    return;
  }
  calls++;
  const chunks = [];
  req.on('data', (chunk) => chunks.push(chunk));
  req.on('end', () => {
    let ok = false;
    try {
      const { username, password } = JSON.parse(Buffer.concat(chunks).toString());
      ok = req.method === 'POST' && known(username, password);
    } catch {}
    res.writeHead(ok ? 200 : 401, { 'content-type': 'application/json' });
    res.end(ok ? '{"ok":true}' : '{"ok":false}');
  });
});
server.keepAliveTimeout = 30_000;
server.listen(0, '127.0.0.1');
announce(server);
