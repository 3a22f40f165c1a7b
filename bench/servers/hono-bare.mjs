// Baseline: bare Hono on @hono/node-server.
import { serve } from './hono-serve.mjs';

serve();
