import {
  AUTH_METADATA,
  type AuthInfo,
  configError,
  type HookTiming,
  type Observer,
  type StreamInfo,
  type StreamObservation,
} from '@streamfilter/core';
import { type Registry, register } from 'prom-client';
import { Children } from './children';
import { counter, histogram } from './registered';

export interface MetricsOptions {
  /** Where the metrics are registered. Default: prom-client's global `register`. */
  registry?: Registry;
  /** Put before every metric name. Default `'streamfilter_'`. */
  prefix?: string;
  /** Histogram buckets of `filter_duration_seconds`, in seconds. Default {@link DEFAULT_BUCKETS}. */
  buckets?: readonly number[];
}

/** From 100 µs (a sync filter) to 5 s (a remote call near its timeout), in seconds. */
export const DEFAULT_BUCKETS: readonly number[] = Object.freeze([
  0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5,
]);

const DECISIONS: ReadonlySet<unknown> = new Set(['allowed', 'denied', 'error', 'fail_open']);
const CACHE_RESULTS: ReadonlySet<unknown> = new Set(['hit', 'shared', 'miss', 'coalesced']);
const NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;

interface Inc {
  inc(): void;
}
interface Observe {
  observe(value: number): void;
}

function parse(options: MetricsOptions): Required<MetricsOptions> {
  if (typeof options !== 'object' || options === null) {
    throw configError('metrics', 'options', 'must be an object', options);
  }
  const { registry = register, prefix = 'streamfilter_', buckets = DEFAULT_BUCKETS } = options;
  if (typeof (registry as Partial<Registry> | null)?.getSingleMetric !== 'function') {
    throw configError('metrics', 'registry', 'must be a prom-client Registry', registry);
  }
  if (typeof prefix !== 'string' || (prefix !== '' && !NAME.test(prefix))) {
    throw configError('metrics', 'prefix', 'must be a valid metric name prefix', prefix);
  }
  const increasing =
    Array.isArray(buckets) &&
    buckets.length > 0 &&
    buckets.every((b, i) => Number.isFinite(b) && b > 0 && (i === 0 || b > buckets[i - 1]!));
  if (!increasing) {
    throw configError('metrics', 'buckets', 'must be increasing positive numbers', buckets);
  }
  return { registry, prefix, buckets };
}

/**
 * An observer that counts and times a chain's filters in a prom-client registry:
 * `streamfilter_filter_duration_seconds{filter,phase}` (time parked included),
 * `streamfilter_local_replies_total{filter,code}`, `streamfilter_filter_errors_total{filter}`,
 * and, from what auth filters record, `streamfilter_auth_decisions_total{filter,decision}` and
 * `streamfilter_auth_cache_total{filter,result}`. Calling it again with the same registry reuses
 * the metrics already there.
 *
 * @example
 * const registry = new Registry();
 * app.use(filterChain([auth], { observers: [metrics({ registry })] }));
 * app.get('/metrics', async (_req, res) => {
 *   res.type(registry.contentType).send(await registry.metrics());
 * });
 */
export function metrics(options: MetricsOptions = {}): Observer {
  const { registry, prefix, buckets } = parse(options);
  const durations = histogram(
    registry,
    `${prefix}filter_duration_seconds`,
    'Time from a filter hook call to its outcome, time parked included.',
    ['filter', 'phase'],
    buckets,
  );
  const replies = counter(
    registry,
    `${prefix}local_replies_total`,
    'Local replies sent by filters, by status code.',
    ['filter', 'code'],
  );
  const errors = counter(
    registry,
    `${prefix}filter_errors_total`,
    'Filter hooks that threw, rejected or misbehaved.',
    ['filter'],
  );
  const decisions = counter(
    registry,
    `${prefix}auth_decisions_total`,
    'Requests decided by authentication filters: allowed, denied, error or fail_open.',
    ['filter', 'decision'],
  );
  const cache = counter(
    registry,
    `${prefix}auth_cache_total`,
    'Authentication decisions by where they came from: cache hit, shared, miss, or coalesced.',
    ['filter', 'result'],
  );

  const duration = new Children<string, string, Observe>((f, p) => durations.labels(f, p));
  const reply = new Children<string, number, Inc>((f, code) => replies.labels(f, String(code)));
  const error = new Children<string, undefined, Inc>((f) => errors.labels(f));
  const decision = new Children<string, string, Inc>((f, d) => decisions.labels(f, d));
  const cached = new Children<string, string, Inc>((f, r) => cache.labels(f, r));

  // One observation serves every stream: nothing here is per stream, so nothing is allocated.
  const observation: StreamObservation = {
    hook(timing: HookTiming): void {
      duration.get(timing.filter, timing.phase).observe(timing.duration / 1000);
      if (timing.outcome === 'localReply' && timing.code !== undefined) {
        reply.get(timing.filter, timing.code).inc();
      } else if (timing.outcome === 'error') {
        error.get(timing.filter, undefined).inc();
      }
    },
    end(info: StreamInfo): void {
      const auth = info.metadata.get(AUTH_METADATA) as Partial<AuthInfo> | undefined;
      // Label values come only from the fixed sets, so odd metadata cannot grow the series.
      if (typeof auth?.filter !== 'string' || !DECISIONS.has(auth.decision)) return;
      decision.get(auth.filter, auth.decision!).inc();
      if (CACHE_RESULTS.has(auth.cache)) cached.get(auth.filter, auth.cache!).inc();
    },
  };
  return { stream: () => observation };
}
