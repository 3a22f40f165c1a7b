import { SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import { type Observer, StreamFilterError } from '@streamfilter/core';
import { expect } from 'chai';
import { tracing } from '../src';
import { millis, type Sdk, startSdk, streamInfo, timing, withSpan } from './support';

function thrown(fn: () => unknown): StreamFilterError {
  try {
    fn();
  } catch (error) {
    return error as StreamFilterError;
  }
  throw new Error('expected a throw');
}

describe('tracing()', () => {
  let sdk: Sdk;

  beforeEach(() => {
    sdk = startSdk();
  });

  afterEach(() => sdk.shutdown());

  /** Starts a stream under a fresh parent span and returns both. */
  function streamUnderParent(observer: Observer) {
    const parent = sdk.provider.getTracer('test').startSpan('GET /');
    const observation = withSpan(parent, () => observer.stream(streamInfo()));
    return { parent, observation: observation! };
  }

  it('makes a span for a parked hook, a child of the span active when the stream started', () => {
    const { parent, observation } = streamUnderParent(tracing({ tracerProvider: sdk.provider }));
    // The event comes later, outside the parent's context, as after an await.
    observation.hook!(timing({ parked: 30, duration: 31 }));
    parent.end();
    const [span] = sdk.spans('streamfilter auth decodeHeaders');
    expect(span, 'the span').to.not.equal(undefined);
    expect(span!.kind).to.equal(SpanKind.INTERNAL);
    expect(span!.parentSpanContext?.spanId).to.equal(parent.spanContext().spanId);
    expect(span!.spanContext().traceId).to.equal(parent.spanContext().traceId);
    expect(span!.attributes).to.deep.equal({
      'streamfilter.filter': 'auth',
      'streamfilter.phase': 'decodeHeaders',
      'streamfilter.outcome': 'continue',
      'streamfilter.parked_ms': 30,
    });
    expect(span!.status.code).to.equal(SpanStatusCode.UNSET);
  });

  it('starts and ends the span when the hook did, on the clock of the other spans of the SDK', () => {
    // The wall clock the SDK reads (Date.now) drifts from performance.timeOrigin + now():
    // here it is 5 s ahead, as after a clock step. The filter's span must follow the SDK's clock,
    // or it would show 5 s before its parent.
    const now = Date.now;
    const ahead = 5000;
    Date.now = () => Math.floor(performance.timeOrigin + performance.now() + ahead);
    try {
      const { observation } = streamUnderParent(tracing({ tracerProvider: sdk.provider }));
      const start = performance.now() - 100;
      observation.hook!(timing({ start, parked: 40, duration: 42.5 }));
      const [span] = sdk.spans();
      const expected = performance.timeOrigin + start + ahead;
      expect(millis(span!.startTime)).to.be.closeTo(expected, 1);
      expect(millis(span!.endTime) - millis(span!.startTime)).to.be.closeTo(42.5, 0.01);
    } finally {
      Date.now = now;
    }
  });

  it('makes no span for a hook that went on at once, unless it took thresholdMs', () => {
    const { observation } = streamUnderParent(tracing({ tracerProvider: sdk.provider }));
    observation.hook!(timing({ duration: 500 }));
    observation.hook!(timing({ outcome: 'stop', duration: 500 }));
    expect(sdk.spans()).to.deep.equal([]);

    const slow = streamUnderParent(tracing({ tracerProvider: sdk.provider, thresholdMs: 5 }));
    slow.observation.hook!(timing({ filter: 'fast', duration: 4.9 }));
    slow.observation.hook!(timing({ filter: 'slow', duration: 5 }));
    expect(sdk.spans().map((span) => span.name)).to.deep.equal(['streamfilter slow decodeHeaders']);
  });

  it('makes a span for every hook with all: true', () => {
    const { observation } = streamUnderParent(tracing({ tracerProvider: sdk.provider, all: true }));
    observation.hook!(timing({ phase: 'decodeHeaders' }));
    observation.hook!(timing({ phase: 'encodeHeaders' }));
    expect(sdk.spans().map((span) => span.name)).to.deep.equal([
      'streamfilter auth decodeHeaders',
      'streamfilter auth encodeHeaders',
    ]);
  });

  it("makes a span for a local reply, with the reply's status code", () => {
    const { observation } = streamUnderParent(tracing({ tracerProvider: sdk.provider }));
    observation.hook!(timing({ outcome: 'localReply', code: 401, details: 'denied' }));
    const [span] = sdk.spans();
    expect(span!.attributes).to.include({
      'streamfilter.outcome': 'localReply',
      'streamfilter.local_reply.code': 401,
    });
    expect(span!.status.code).to.equal(SpanStatusCode.UNSET);
  });

  it("records a failed hook's error and marks the span ERROR", () => {
    const { observation } = streamUnderParent(tracing({ tracerProvider: sdk.provider }));
    observation.hook!(timing({ outcome: 'error', error: new TypeError('boom') }));
    const [span] = sdk.spans();
    expect(span!.status).to.deep.include({ code: SpanStatusCode.ERROR });
    const [event] = span!.events;
    expect(event?.name).to.equal('exception');
    expect(event?.attributes).to.include({
      'exception.type': 'TypeError',
      'exception.message': 'boom',
    });
    expect(event?.attributes?.['exception.stacktrace']).to.match(/^TypeError: boom\n/);
  });

  it("never records an error's other properties, nor a thrown non-Error value", () => {
    const { observation } = streamUnderParent(tracing({ tracerProvider: sdk.provider }));
    const secret = 'Basic Zm9vOmJhcg==';
    const clientError = Object.assign(new Error('Request failed'), {
      code: 'ECONNRESET',
      config: { headers: { authorization: secret } },
    });
    observation.hook!(timing({ outcome: 'error', error: clientError }));
    observation.hook!(timing({ outcome: 'error', error: secret }));
    const recorded = JSON.stringify(sdk.spans().map((span) => [span.events, span.status]));
    expect(recorded).to.not.include('Zm9vOmJhcg');
    const [first, second] = sdk.spans();
    expect(first!.events[0]?.attributes).to.include({ 'exception.type': 'ECONNRESET' });
    expect(second!.events[0]?.attributes).to.include({
      'exception.message': 'a thrown string',
    });
    expect(second!.status.code).to.equal(SpanStatusCode.ERROR);
  });

  it('makes root spans for a stream started with no active span', () => {
    const observation = tracing({ tracerProvider: sdk.provider }).stream(streamInfo())!;
    observation.hook!(timing({ parked: 1, duration: 1 }));
    expect(sdk.spans()[0]!.parentSpanContext).to.equal(undefined);
  });

  it('uses the given tracer, or the global provider by default', () => {
    const tracer = sdk.provider.getTracer('mine');
    streamUnderParent(tracing({ tracer })).observation.hook!(timing({ parked: 1 }));
    expect(sdk.spans()[0]!.instrumentationScope.name).to.equal('mine');

    trace.setGlobalTracerProvider(sdk.provider);
    try {
      streamUnderParent(tracing()).observation.hook!(timing({ parked: 1 }));
      expect(sdk.spans()[1]!.instrumentationScope.name).to.equal('@streamfilter/opentelemetry');
    } finally {
      trace.disable();
    }
  });

  it('refuses bad options at the call', () => {
    const bad: unknown[] = [
      { thresholdMs: -1 },
      { thresholdMs: '5' },
      { thresholdMs: Number.NaN },
      { all: 'yes' },
      { tracer: {} },
      { tracerProvider: {} },
      { tracer: sdk.provider.getTracer('a'), tracerProvider: sdk.provider },
      null,
    ];
    for (const options of bad) {
      const error = thrown(() => tracing(options as never));
      expect(error, String(options)).to.be.instanceOf(StreamFilterError);
      expect(error.code).to.equal('ERR_FILTER_CONFIG');
    }
  });
});
