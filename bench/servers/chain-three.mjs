// Candidate: Express with a chain of three sync no-op filters.
import { filterChain } from '@streamfilter/express';
import { serve } from './serve.mjs';
import { noop } from './sync-filters.mjs';

serve(filterChain([noop('noop-1'), noop('noop-2'), noop('noop-3')]));
