// The two auth endpoints the forward-auth scenario compares, both answering nginx-shaped
// auth requests (GET with Authorization, X-Original-Method, X-Original-URI):
// - candidate: forwardAuth serving remoteBasicAuth with its decision cache;
// - baseline: the same check written by hand on node:http: parse Basic, a cache of decisions
//   keyed by a SHA-256 of the credentials (allow 60 s, deny 5 s, at most 10 000 entries), axios
//   with a keep-alive agent on a miss, 200 + x-authenticated-user or 401 with the challenge.
import { createHash } from 'node:crypto';
import http from 'node:http';
import { remoteBasicAuth } from '@streamfilter/filters';
import { forwardAuth } from '@streamfilter/node';
import axios from 'axios';

/** The request headers both endpoints are measured with, as nginx's auth_request sends them. */
export function nginxAuthHeaders(authorization) {
  return { authorization, 'x-original-method': 'GET', 'x-original-uri': '/api/orders?id=7' };
}

export function candidate(checkUrl) {
  return forwardAuth(
    [
      remoteBasicAuth({
        url: checkUrl,
        realm: 'bench',
        identityHeader: 'x-authenticated-user',
        cache: { allowTtlMs: 60_000, denyTtlMs: 5_000, maxEntries: 10_000 },
      }),
    ],
    { trustForwardedHeaders: true, proxy: 'nginx' },
  );
}

export function baseline(checkUrl) {
  const client = axios.create({
    httpAgent: new http.Agent({ keepAlive: true }),
    timeout: 1000,
    validateStatus: () => true,
  });
  const cache = new Map();
  const deny = (res, message) => {
    res.writeHead(401, {
      'www-authenticate': 'Basic realm="bench", charset="UTF-8"',
      'content-type': 'text/plain; charset=utf-8',
      'content-length': Buffer.byteLength(message),
    });
    res.end(message);
  };
  return async function handWrittenAuth(req, res) {
    const header = req.headers.authorization ?? '';
    if (!/^basic /i.test(header)) return deny(res, 'no Authorization');
    const encoded = header.slice(6).trim();
    const decoded = Buffer.from(encoded, 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    if (colon < 0) return deny(res, 'invalid Authorization format');
    const username = decoded.slice(0, colon);
    const key = createHash('sha256').update(encoded).digest('base64');
    let entry = cache.get(key);
    if (entry === undefined || entry.expires <= Date.now()) {
      let allowed;
      try {
        const answer = await client.post(checkUrl, {
          username,
          password: decoded.slice(colon + 1),
        });
        if (answer.status >= 300 && answer.status !== 401 && answer.status !== 403) throw answer;
        allowed = answer.status === 200;
      } catch {
        res.writeHead(503, { 'content-length': 24 }).end('auth service unavailable');
        return;
      }
      entry = { allowed, expires: Date.now() + (allowed ? 60_000 : 5_000) };
      if (cache.size >= 10_000) cache.delete(cache.keys().next().value);
      cache.set(key, entry);
    }
    if (!entry.allowed) return deny(res, 'invalid username or password');
    res.writeHead(200, { 'x-authenticated-user': username, 'content-length': 0 }).end();
  };
}
