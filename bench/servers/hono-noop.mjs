// Candidate: Hono with a one-filter chain (a sync no-op decodeHeaders).
import { filterChain } from '@streamfilter/hono';
import { serve } from './hono-serve.mjs';
import { noop } from './sync-filters.mjs';

serve(filterChain([noop()]));
