export { type FilterChainMiddleware, filterChain } from './filter-chain';
export type { ExpressRequest, ExpressResponse, NextFunction } from './types';
