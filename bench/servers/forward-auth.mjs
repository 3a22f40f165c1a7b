// Candidate: forwardAuth serving remoteBasicAuth (cache on) against AUTH_URL, on node:http.
import http from 'node:http';
import { candidate } from '../lib/forward-auth-variants.mjs';
import { announce } from './control.mjs';

const server = http.createServer(candidate(process.env.AUTH_URL));
server.listen(0, '127.0.0.1');
announce(server);
