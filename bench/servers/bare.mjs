// Baseline: Express alone.
import { serve } from './serve.mjs';

serve();
