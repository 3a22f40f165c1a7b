export { type FilterChainMiddleware, filterChain, type StreamfilterEnv } from './filter-chain';
