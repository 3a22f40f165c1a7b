// Loaded by main.ts only with TRACE=1: an OpenTelemetry SDK whose HTTP instrumentation makes
// the server and client spans, `tracing()` the filters' spans under them, and a printer that
// writes each trace to stdout when its request is over. In production, an exporter to your
// collector takes the printer's place.

import { registerInstrumentations } from '@opentelemetry/instrumentation';
import { HttpInstrumentation } from '@opentelemetry/instrumentation-http';
import { SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { NodeTracerProvider } from '@opentelemetry/sdk-trace-node';
import { SpanTreePrinter } from './span-printer.js';

const provider = new NodeTracerProvider({
  spanProcessors: [new SimpleSpanProcessor(new SpanTreePrinter((text) => console.log(text)))],
});
provider.register();
registerInstrumentations({
  tracerProvider: provider,
  // Scrapes are not worth a trace.
  instrumentations: [
    new HttpInstrumentation({
      ignoreIncomingRequestHook: (req) => req.url?.startsWith('/metrics') ?? false,
    }),
  ],
});
