export { type FilterChainMiddleware, filterChain } from './filter-chain';
export type { ExpressChainOptions } from './options';
export type { ExpressRequest, ExpressResponse, NextFunction } from './types';
