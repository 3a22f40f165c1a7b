// Baseline: the forward-auth check written by hand on node:http, with its own cache.
import http from 'node:http';
import { baseline } from '../lib/forward-auth-variants.mjs';
import { announce } from './control.mjs';

const server = http.createServer(baseline(process.env.AUTH_URL));
server.listen(0, '127.0.0.1');
announce(server);
