import type { AttributeValue } from '@opentelemetry/api';
import { type ExportResult, ExportResultCode } from '@opentelemetry/core';
import type { ReadableSpan, SpanExporter } from '@opentelemetry/sdk-trace-base';

const KINDS = ['internal', 'server', 'client', 'producer', 'consumer'];
const STATUSES = ['unset', 'ok', 'error'];

/** The attributes worth a line: the filters' own, and the HTTP server spans' path and status. */
const SHOWN = /^streamfilter\.|^url\.path$|^http\.response\.status_code$/;

function value(v: AttributeValue | undefined): string {
  if (typeof v === 'number' && !Number.isInteger(v)) return v.toFixed(1);
  return typeof v === 'string' ? v : JSON.stringify(v);
}

function milliseconds(span: ReadableSpan): string {
  const [seconds, nanos] = span.duration;
  return `${(seconds * 1e3 + nanos / 1e6).toFixed(1)} ms`;
}

/**
 * A span exporter that prints each trace as a tree once its root span ends: per span its name,
 * kind, duration, status, and the attributes matching {@link SHOWN}; children below their
 * parent, in the order they ended. For trying things out on a terminal, not for production.
 */
export class SpanTreePrinter implements SpanExporter {
  readonly #print: (text: string) => void;
  /** Spans that ended before their trace's root, by trace id. */
  readonly #waiting = new Map<string, ReadableSpan[]>();

  constructor(print: (text: string) => void) {
    this.#print = print;
  }

  export(spans: ReadableSpan[], done: (result: ExportResult) => void): void {
    for (const span of spans) {
      const { traceId } = span.spanContext();
      const trace = [...(this.#waiting.get(traceId) ?? []), span];
      if (span.parentSpanContext === undefined) {
        this.#waiting.delete(traceId);
        this.#print(this.#tree(span, trace, '').join('\n'));
      } else {
        this.#waiting.set(traceId, trace);
      }
    }
    done({ code: ExportResultCode.SUCCESS });
  }

  async shutdown(): Promise<void> {
    this.#waiting.clear();
  }

  #tree(span: ReadableSpan, trace: ReadableSpan[], indent: string): string[] {
    const status = span.status.code === 0 ? '' : `, status ${STATUSES[span.status.code]}`;
    const lines = [
      `${indent}${span.name} (${KINDS[span.kind]}, ${milliseconds(span)}${status})`,
      ...Object.entries(span.attributes)
        .filter(([key]) => SHOWN.test(key))
        .map(([key, v]) => `${indent}    ${key}: ${value(v)}`),
    ];
    const children = trace.filter((s) => s.parentSpanContext?.spanId === span.spanContext().spanId);
    for (const child of children) lines.push(...this.#tree(child, trace, `${indent}  `));
    return lines;
  }
}
