// Candidate: Express with a one-filter chain (a sync no-op decodeHeaders).
import { filterChain } from '@streamfilter/express';
import { serve } from './serve.mjs';
import { noop } from './sync-filters.mjs';

serve(filterChain([noop()]));
