// Baseline: the express-basic-auth package with the same users map.
import expressBasicAuth from 'express-basic-auth';
import { serve } from './serve.mjs';
import { users } from './users.mjs';

serve(expressBasicAuth({ users, challenge: true, realm: 'bench' }));
