import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { context, type Span, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import { type ChainableFilter, Status } from '@streamfilter/core';
import { filterChain } from '@streamfilter/express';
import { expect } from 'chai';
import express from 'express';
import request from 'supertest';
import { tracing } from '../src';
import { type Sdk, startSdk } from './support';

/** A filter that parks every request on a timer, then lets it go on. */
const parks: ChainableFilter = {
  name: 'parks',
  create: (callbacks) => ({
    decodeHeaders() {
      setTimeout(() => callbacks.continue(Status.Continue), 5);
      return Status.Running;
    },
  }),
};

/** Answers 403 to a request with `x-deny`. */
const replies: ChainableFilter = {
  name: 'replies',
  create: (callbacks) => ({
    decodeHeaders(headers) {
      if (!headers.has('x-deny')) return Status.Continue;
      callbacks.sendLocalReply(403, 'denied');
      return Status.LocalReply;
    },
  }),
};

/** Throws on a request with `x-throw`, an error carrying the header's value. */
const throws: ChainableFilter = {
  name: 'throws',
  create: () => ({
    decodeHeaders(headers) {
      const value = headers.get('x-throw');
      if (value !== undefined) throw Object.assign(new RangeError('bad input'), { value });
      return Status.Continue;
    },
  }),
};

describe('tracing() on a real HTTP server, under a server span', () => {
  let sdk: Sdk;
  let server: http.Server;
  let url: string;
  const serverSpans: Span[] = [];

  before(async () => {
    sdk = startSdk();
    const tracer = sdk.provider.getTracer('http-server');
    const app = express();
    app.use(
      filterChain([parks, replies, throws], {
        observers: [tracing({ tracerProvider: sdk.provider })],
        logger: () => {},
      }),
    );
    app.get('/', (_req, res) => {
      res.send('ok');
    });
    // What an HTTP instrumentation does: a server span, active while the request is handled.
    server = http.createServer((req, res) => {
      const span = tracer.startSpan(`${req.method}`, { kind: SpanKind.SERVER });
      serverSpans.push(span);
      res.on('close', () => span.end());
      context.with(trace.setSpan(context.active(), span), () => app(req, res));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  after(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
    await sdk.shutdown();
  });

  beforeEach(() => {
    sdk.exporter.reset();
    serverSpans.length = 0;
  });

  /** The filter spans of the last request, by name, with its server span. */
  function spansOfLastRequest() {
    const parent = serverSpans.at(-1)!.spanContext();
    const spans = sdk
      .spans()
      .filter((span) => span.name.startsWith('streamfilter '))
      .filter((span) => span.parentSpanContext?.spanId === parent.spanId);
    for (const span of spans) expect(span.spanContext().traceId).to.equal(parent.traceId);
    return new Map(spans.map((span) => [span.name, span]));
  }

  it('makes a span, under the server span, for the filter that parked, and none for the rest', async () => {
    await request(url).get('/').expect(200, 'ok');
    const spans = spansOfLastRequest();
    expect([...spans.keys()]).to.deep.equal(['streamfilter parks decodeHeaders']);
    const span = spans.get('streamfilter parks decodeHeaders')!;
    expect(span.attributes).to.include({
      'streamfilter.filter': 'parks',
      'streamfilter.phase': 'decodeHeaders',
      'streamfilter.outcome': 'continue',
    });
    expect(span.attributes['streamfilter.parked_ms']).to.be.greaterThan(0);
    expect(span.status.code).to.equal(SpanStatusCode.UNSET);
  });

  it("makes a span for the local reply, with the reply's status code", async () => {
    await request(url).get('/').set('x-deny', '1').expect(403, 'denied');
    const span = spansOfLastRequest().get('streamfilter replies decodeHeaders');
    expect(span?.attributes).to.include({
      'streamfilter.outcome': 'localReply',
      'streamfilter.local_reply.code': 403,
    });
    expect(span?.status.code).to.equal(SpanStatusCode.UNSET);
  });

  it('makes an ERROR span for the filter that threw, recording the error but no header value', async () => {
    await request(url).get('/').set('x-throw', 'Basic c2VjcmV0OnNlY3JldA==').expect(500);
    const span = spansOfLastRequest().get('streamfilter throws decodeHeaders');
    expect(span?.status.code).to.equal(SpanStatusCode.ERROR);
    expect(span?.attributes['streamfilter.outcome']).to.equal('error');
    expect(span?.events[0]?.attributes).to.include({
      'exception.type': 'RangeError',
      'exception.message': 'bad input',
    });
    expect(
      JSON.stringify(sdk.spans().map((s) => [s.attributes, s.events, s.status])),
    ).to.not.include('c2VjcmV0');
  });
});
