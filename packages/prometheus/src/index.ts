export { DEFAULT_BUCKETS, type MetricsOptions, metrics } from './metrics';
