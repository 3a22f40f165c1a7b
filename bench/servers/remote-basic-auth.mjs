// Candidate: remoteBasicAuth against AUTH_URL; the decision cache is on when AUTH_CACHE=1.
import { filterChain } from '@streamfilter/express';
import { remoteBasicAuth } from '@streamfilter/filters';
import { serve } from './serve.mjs';

const cache = process.env.AUTH_CACHE === '1' ? { allowTtlMs: 60_000, denyTtlMs: 5_000 } : false;
serve(filterChain([remoteBasicAuth({ url: process.env.AUTH_URL, realm: 'bench', cache })]));
