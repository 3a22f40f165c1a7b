// Reference: Hono with one middleware that only awaits next(), what any middleware costs Hono.
import { serve } from './hono-serve.mjs';

serve(async function passThrough(_c, next) {
  await next();
});
