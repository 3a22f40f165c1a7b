import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { context, type Span, SpanKind, trace } from '@opentelemetry/api';
import { type BasicTracerProvider, InMemorySpanExporter } from '@opentelemetry/sdk-trace-base';
import { type ChainableFilter, Status } from '@streamfilter/core';
import { expect } from 'chai';
import type express from 'express';
import request from 'supertest';
import { printedBlock } from '../support/markdown';
import { observedApp } from './observed-app';
import { metricsApp, setUpTracing, slowLogApp, tracedApp } from './telemetry';

const samples = (text: string, name: string) =>
  text.split('\n').filter((line) => line.startsWith(name));

/** Serves `app` on loopback under a server span per request, as an HTTP instrumentation does. */
async function serveTraced(app: express.Express, spans: Span[]): Promise<http.Server> {
  const tracer = trace.getTracer('http-server');
  const server = http.createServer((req, res) => {
    const span = tracer.startSpan(`${req.method}`, { kind: SpanKind.SERVER });
    spans.push(span);
    res.on('close', () => span.end());
    context.with(trace.setSpan(context.active(), span), () => app(req, res));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return server;
}

const urlOf = (server: http.Server) => `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

describe('README: telemetry', () => {
  it('metricsApp counts the chain and serves /metrics without credentials', async () => {
    const { app } = metricsApp();
    await request(app).get('/hello').expect(401);
    await request(app).get('/hello').auth('alice', 'wonderland').expect(200, 'hello\n');
    const { text } = await request(app).get('/metrics').expect(200);
    expect(samples(text, 'streamfilter_local_replies_total')).to.deep.equal([
      'streamfilter_local_replies_total{filter="basicAuth",code="401"} 1',
    ]);
    expect(samples(text, 'streamfilter_filter_duration_seconds_count')).to.deep.equal([
      'streamfilter_filter_duration_seconds_count{filter="basicAuth",phase="decodeHeaders"} 2',
    ]);
  });

  describe('with the tracing set-up', () => {
    let exporter: InMemorySpanExporter;
    let provider: BasicTracerProvider;
    const serverSpans: Span[] = [];
    let server: http.Server | undefined;

    beforeEach(() => {
      exporter = new InMemorySpanExporter(); // a provider's shutdown stops its exporter
      provider = setUpTracing(exporter);
    });

    afterEach(async () => {
      server?.closeAllConnections();
      await new Promise((resolve) => server?.close(resolve) ?? resolve(undefined));
      await provider.shutdown();
      trace.disable();
      context.disable();
      serverSpans.length = 0;
    });

    it('tracedApp makes a span for the 401, under the server span', async () => {
      server = await serveTraced(tracedApp(), serverSpans);
      await request(urlOf(server)).get('/hello').expect(401);
      const span = exporter
        .getFinishedSpans()
        .find((s) => s.name === 'streamfilter basicAuth decodeHeaders');
      expect(span?.parentSpanContext?.spanId).to.equal(serverSpans[0]!.spanContext().spanId);
      expect(span?.attributes['streamfilter.local_reply.code']).to.equal(401);
    });

    it('observedApp does both', async () => {
      const { app } = observedApp();
      server = await serveTraced(app, serverSpans);
      await request(urlOf(server)).get('/hello').expect(401);
      const { text } = await request(urlOf(server)).get('/metrics').expect(200);
      expect(samples(text, 'streamfilter_local_replies_total')).to.deep.equal([
        'streamfilter_local_replies_total{filter="basicAuth",code="401"} 1',
      ]);
      const names = exporter.getFinishedSpans().map((s) => s.name);
      expect(names).to.include('streamfilter basicAuth decodeHeaders');
    });
  });
});

/** A user lookup as slow as a struggling database: it lets each request go on after `ms`. */
const slowLookup = (ms: number): ChainableFilter => ({
  name: 'slowLookup',
  create: (callbacks) => ({
    decodeHeaders() {
      setTimeout(() => callbacks.continue(), ms);
      return Status.Running;
    },
  }),
});

/** What `console.error` printed while `fn` ran (the default logger writes there). */
async function stderrOf(fn: () => Promise<unknown>): Promise<string[]> {
  const lines: string[] = [];
  const error = console.error;
  console.error = (...args: unknown[]) => lines.push(args.join(' '));
  try {
    await fn();
  } finally {
    console.error = error;
  }
  return lines;
}

describe('README: the slow-filter log', () => {
  const times = (text: string) => text.replace(/\d+\.\d ms/g, '<t> ms');

  it('warns once about a request over thresholdMs, as the README shows, without secrets', async () => {
    const app = slowLogApp(slowLookup(250));
    const lines = await stderrOf(() =>
      request(app)
        .get('/hello?token=s3cret-token')
        .set('Authorization', `Basic ${Buffer.from('alice:wonderland').toString('base64')}`)
        .expect(200),
    );
    const shown = printedBlock('readme; slow filter log');
    expect(lines.map(times), `${shown.file}:${shown.line}`).to.deep.equal([times(shown.text)]);
    const all = lines.join('\n');
    for (const secret of ['s3cret', 'wonderland', 'YWxpY2U6', 'Basic', 'alice']) {
      expect(all).to.not.contain(secret);
    }
  });

  it('says nothing about a request under thresholdMs', async () => {
    const lines = await stderrOf(() =>
      request(slowLogApp(slowLookup(1)))
        .get('/hello')
        .expect(200),
    );
    expect(lines).to.deep.equal([]);
  });
});
