// Baseline: the remote check written by hand, as an Express middleware with axios and a
// keep-alive agent: POST {username, password} to AUTH_URL, 401 on anything but 200.
import http from 'node:http';
import axios from 'axios';
import { serve } from './serve.mjs';

const client = axios.create({
  httpAgent: new http.Agent({ keepAlive: true }),
  timeout: 1000,
  validateStatus: () => true,
});
const url = process.env.AUTH_URL;

function deny(res) {
  res.set('WWW-Authenticate', 'Basic realm="bench"').status(401).send('Unauthorized');
}

async function axiosBasicAuth(req, res, next) {
  const header = req.headers.authorization ?? '';
  if (!header.startsWith('Basic ')) return deny(res);
  const decoded = Buffer.from(header.slice(6), 'base64').toString();
  const colon = decoded.indexOf(':');
  if (colon < 0) return deny(res);
  const credentials = { username: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
  try {
    const response = await client.post(url, credentials);
    if (response.status === 200) return next();
    deny(res);
  } catch {
    res.status(503).send('auth service unavailable');
  }
}

serve(axiosBasicAuth);
