// The auth service the remote scenarios call: POST JSON {username, password}; 200 for foo:bar,
// 401 otherwise. Prints `{"port":N}` once listening on an ephemeral loopback port.
import http from 'node:http';
import { announce } from './control.mjs';

const server = http.createServer((req, res) => {
  const chunks = [];
  req.on('data', (chunk) => chunks.push(chunk));
  req.on('end', () => {
    let ok = false;
    try {
      const { username, password } = JSON.parse(Buffer.concat(chunks).toString());
      ok = req.method === 'POST' && username === 'foo' && password === 'bar';
    } catch {}
    res.writeHead(ok ? 200 : 401, { 'content-type': 'application/json' });
    res.end(ok ? '{"ok":true}' : '{"ok":false}');
  });
});
server.keepAliveTimeout = 30_000;
server.listen(0, '127.0.0.1');
announce(server);
