import { context, type HrTime, type Span, trace } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import {
  BasicTracerProvider,
  InMemorySpanExporter,
  type ReadableSpan,
  SimpleSpanProcessor,
} from '@opentelemetry/sdk-trace-base';
import { type HookTiming, StreamInfo } from '@streamfilter/core';

/** The real SDK, exporting to memory, with async context propagation as in a Node app. */
export interface Sdk {
  provider: BasicTracerProvider;
  exporter: InMemorySpanExporter;
  /** The spans ended so far, by name. */
  spans(name?: string): ReadableSpan[];
  shutdown(): Promise<void>;
}

export function startSdk(): Sdk {
  const exporter = new InMemorySpanExporter();
  const provider = new BasicTracerProvider({
    spanProcessors: [new SimpleSpanProcessor(exporter)],
  });
  const manager = new AsyncLocalStorageContextManager().enable();
  context.setGlobalContextManager(manager);
  return {
    provider,
    exporter,
    spans: (name) =>
      exporter.getFinishedSpans().filter((span) => name === undefined || span.name === name),
    async shutdown() {
      await provider.shutdown();
      manager.disable();
      context.disable();
    },
  };
}

/** Runs `fn` with `span` as the active span, as an HTTP server instrumentation does. */
export function withSpan<T>(span: Span, fn: () => T): T {
  return context.with(trace.setSpan(context.active(), span), fn);
}

/** An HrTime in epoch milliseconds. */
export function millis([seconds, nanos]: HrTime): number {
  return seconds * 1e3 + nanos / 1e6;
}

/** A hook event as the filter manager reports it, with defaults for what a test leaves out. */
export function timing(fields: Partial<HookTiming> = {}): HookTiming {
  return {
    filter: 'auth',
    index: 0,
    phase: 'decodeHeaders',
    outcome: 'continue',
    start: performance.now(),
    duration: 0.05,
    parked: 0,
    ...fields,
  };
}

export function streamInfo(): StreamInfo {
  return new StreamInfo({ method: 'GET', path: '/' });
}
