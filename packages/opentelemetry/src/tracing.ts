import {
  type Attributes,
  type Context,
  context,
  SpanKind,
  SpanStatusCode,
  type Tracer,
  type TracerProvider,
  trace,
} from '@opentelemetry/api';
import {
  configError,
  type HookTiming,
  type Observer,
  type StreamObservation,
} from '@streamfilter/core';
import { safeException } from './exception';

export interface TracingOptions {
  /** The tracer to make spans with. Default: one from `tracerProvider`. */
  tracer?: Tracer;
  /** Where to get the tracer. Default: the global provider (`trace` of `@opentelemetry/api`). */
  tracerProvider?: TracerProvider;
  /** Also trace hooks that ran at least this many milliseconds without parking. Default: none. */
  thresholdMs?: number;
  /** Trace every hook call. Default `false`. */
  all?: boolean;
}

const INSTRUMENTATION = '@streamfilter/opentelemetry';

/** `streamfilter <filter> <phase>`, built once per filter and phase. */
class SpanNames {
  readonly #names = new Map<string, Map<string, string>>();

  get(filter: string, phase: string): string {
    let byPhase = this.#names.get(filter);
    if (byPhase === undefined) {
      byPhase = new Map();
      this.#names.set(filter, byPhase);
    }
    let name = byPhase.get(phase);
    if (name === undefined) {
      name = `streamfilter ${filter} ${phase}`;
      byPhase.set(phase, name);
    }
    return name;
  }
}

function tracerOf(options: TracingOptions): Tracer {
  const { tracer, tracerProvider } = options;
  if (tracer !== undefined && tracerProvider !== undefined) {
    throw configError('tracing', 'tracer', 'cannot be given with "tracerProvider"', tracer);
  }
  if (tracer !== undefined) {
    if (typeof tracer?.startSpan !== 'function') {
      throw configError('tracing', 'tracer', 'must be an OpenTelemetry Tracer', tracer);
    }
    return tracer;
  }
  const provider = tracerProvider ?? trace;
  if (typeof provider?.getTracer !== 'function') {
    throw configError(
      'tracing',
      'tracerProvider',
      'must be an OpenTelemetry TracerProvider',
      provider,
    );
  }
  return provider.getTracer(INSTRUMENTATION);
}

function parse(options: TracingOptions): { tracer: Tracer; threshold: number; all: boolean } {
  if (typeof options !== 'object' || options === null) {
    throw configError('tracing', 'options', 'must be an object', options);
  }
  const { thresholdMs, all = false } = options;
  if (thresholdMs !== undefined && !(Number.isFinite(thresholdMs) && thresholdMs >= 0)) {
    throw configError(
      'tracing',
      'thresholdMs',
      'must be a number of milliseconds >= 0',
      thresholdMs,
    );
  }
  if (typeof all !== 'boolean') throw configError('tracing', 'all', 'must be a boolean', all);
  return { tracer: tracerOf(options), threshold: thresholdMs ?? Number.POSITIVE_INFINITY, all };
}

/**
 * An observer that makes an OpenTelemetry span for each filter hook worth seeing in a trace:
 * one that parked (`Running`, or a promise), ended in a local reply or an error, ran at least
 * `thresholdMs`, or any with `all: true`. Spans are named `streamfilter <filter> <phase>`, are
 * children of the span active when the request reached the chain (the HTTP server span of your
 * instrumentation), and carry the hook's real start and end times.
 *
 * @example
 * app.use(filterChain([auth], { observers: [tracing({ thresholdMs: 5 })] }));
 */
export function tracing(options: TracingOptions = {}): Observer {
  const { tracer, threshold, all } = parse(options);
  const names = new SpanNames();

  function record(parent: Context, timing: HookTiming): void {
    const { outcome } = timing;
    const wanted =
      all ||
      timing.parked > 0 ||
      outcome === 'error' ||
      outcome === 'localReply' ||
      timing.duration >= threshold;
    if (!wanted) return;
    // performance.now() times: the SDK maps them onto the clock of its other spans.
    const startTime = timing.start;
    const endTime = timing.start + timing.duration;
    const attributes: Attributes = {
      'streamfilter.filter': timing.filter,
      'streamfilter.phase': timing.phase,
      'streamfilter.outcome': outcome,
      'streamfilter.parked_ms': timing.parked,
    };
    if (timing.code !== undefined) attributes['streamfilter.local_reply.code'] = timing.code;
    const span = tracer.startSpan(
      names.get(timing.filter, timing.phase),
      { kind: SpanKind.INTERNAL, startTime, attributes },
      parent,
    );
    if (outcome === 'error') {
      const exception = safeException(timing.error);
      span.recordException(exception, endTime);
      span.setStatus({ code: SpanStatusCode.ERROR, message: `${exception.name} in filter` });
    }
    span.end(endTime);
  }

  return {
    stream(): StreamObservation {
      // Runs synchronously as the host starts the stream: the active context is the request's.
      const parent = context.active();
      return { hook: (timing) => record(parent, timing) };
    },
  };
}
