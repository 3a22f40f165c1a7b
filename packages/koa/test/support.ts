import Koa3 from 'koa';
import Koa2 from 'koa2';

/** Koa 3 and Koa 2: the middleware's suite runs against both. */
export const koaVersions: ReadonlyArray<{ name: string; Koa: typeof Koa3 }> = [
  { name: 'Koa 3', Koa: Koa3 },
  { name: 'Koa 2', Koa: Koa2 as unknown as typeof Koa3 },
];
