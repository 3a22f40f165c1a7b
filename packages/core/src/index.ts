export { AUTH_METADATA, type AuthInfo, authenticatedUser, type RequestAuth } from './auth-info';
export { type BufferInput, BufferInstance } from './buffer-instance';
export type { ChainOverrides } from './chain-overrides';
export {
  type ChainableFilter,
  type ConfiguredFilter,
  defineFilter,
  type FilterDefinition,
} from './define-filter';
export { configError, StreamFilterError, type StreamFilterErrorCode } from './errors';
export { FilterChain, type FilterChainOptions } from './filter-chain';
export { FilterManager } from './filter-manager';
export {
  HeaderMap,
  type HeaderRecord,
  RequestHeaderMap,
  type RequestLine,
  ResponseHeaderMap,
} from './header-map';
export { FILTER_ERROR_BODY } from './local-reply';
export { defaultLogger } from './logger';
export type {
  FilterPhase,
  HookOutcome,
  HookTiming,
  Observer,
  StreamObservation,
} from './observer';
export { admitChain } from './once-per-request';
export { type SlowFilterLogOptions, slowFilterLog } from './slow-filter-log';
export { DestroyReason, Status } from './status';
export { StreamInfo, type StreamInfoInit } from './stream-info';
export type { StreamSink } from './stream-sink';
export type {
  FilterCallbacks,
  HookResult,
  LocalReplyHeaders,
  LogContext,
  Logger,
  LogLevel,
  StreamFilter,
} from './types';
