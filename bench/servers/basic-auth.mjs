// Candidate: basicAuth from @streamfilter/filters with the same users map.
import { filterChain } from '@streamfilter/express';
import { basicAuth } from '@streamfilter/filters';
import { serve } from './serve.mjs';
import { users } from './users.mjs';

serve(filterChain([basicAuth({ users, realm: 'bench' })]));
