export { type FilterChainMiddleware, filterChain } from './filter-chain';
