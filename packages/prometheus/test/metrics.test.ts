import { AUTH_METADATA, type Observer, StreamFilterError } from '@streamfilter/core';
import { expect } from 'chai';
import { Counter, Gauge, Registry, register } from 'prom-client';
import request from 'supertest';
import { metrics } from '../src';
import { metricsServer, samples, streamInfo, timing, urlOf } from './support';

/** Feeds one stream's events to an observer, as the filter manager would. */
function observe(
  observer: Observer,
  hooks: Parameters<typeof timing>[0][],
  metadata: Record<string, unknown> = {},
) {
  const info = streamInfo(metadata);
  const observation = observer.stream(info);
  for (const fields of hooks) observation?.hook?.(timing(fields));
  observation?.end?.(info, false);
}

function thrown(fn: () => unknown): StreamFilterError {
  try {
    fn();
  } catch (error) {
    return error as StreamFilterError;
  }
  throw new Error('expected a throw');
}

describe('metrics()', () => {
  let registry: Registry;

  beforeEach(() => {
    registry = new Registry();
  });

  it('registers the five metrics, with help and type, in the given registry', async () => {
    metrics({ registry });
    const text = await registry.metrics();
    expect(text).to.include('# TYPE streamfilter_filter_duration_seconds histogram');
    for (const name of [
      'local_replies_total',
      'filter_errors_total',
      'auth_decisions_total',
      'auth_cache_total',
    ]) {
      expect(text).to.include(`# TYPE streamfilter_${name} counter`);
    }
  });

  it('observes each hook duration in seconds, by filter and phase', async () => {
    const observer = metrics({ registry, buckets: [0.001, 0.01] });
    observe(observer, [
      { filter: 'auth', phase: 'decodeHeaders', duration: 2 },
      { filter: 'auth', phase: 'encodeHeaders', duration: 0.5 },
      { filter: 'tag', index: 1, phase: 'decodeHeaders', duration: 20 },
    ]);
    const lines = samples(await registry.metrics(), 'streamfilter_filter_duration_seconds');
    expect(lines).to.include.members([
      'streamfilter_filter_duration_seconds_bucket{le="0.001",filter="auth",phase="decodeHeaders"} 0',
      'streamfilter_filter_duration_seconds_bucket{le="0.01",filter="auth",phase="decodeHeaders"} 1',
      'streamfilter_filter_duration_seconds_sum{filter="auth",phase="decodeHeaders"} 0.002',
      'streamfilter_filter_duration_seconds_count{filter="auth",phase="decodeHeaders"} 1',
      'streamfilter_filter_duration_seconds_bucket{le="0.001",filter="auth",phase="encodeHeaders"} 1',
      'streamfilter_filter_duration_seconds_bucket{le="+Inf",filter="tag",phase="decodeHeaders"} 1',
      'streamfilter_filter_duration_seconds_bucket{le="0.01",filter="tag",phase="decodeHeaders"} 0',
    ]);
  });

  it('counts local replies by filter and status code', async () => {
    const observer = metrics({ registry });
    observe(observer, [{ outcome: 'localReply', code: 401 }]);
    observe(observer, [{ outcome: 'localReply', code: 401 }]);
    observe(observer, [{ outcome: 'localReply', code: 503, filter: 'remote' }]);
    observe(observer, [{ outcome: 'continue' }]);
    expect(samples(await registry.metrics(), 'streamfilter_local_replies_total')).to.deep.equal([
      'streamfilter_local_replies_total{filter="auth",code="401"} 2',
      'streamfilter_local_replies_total{filter="remote",code="503"} 1',
    ]);
  });

  it('counts hooks that failed, by filter', async () => {
    const observer = metrics({ registry });
    observe(observer, [{ outcome: 'error', error: new Error('boom') }, { outcome: 'stop' }]);
    observe(observer, [{ outcome: 'error', filter: 'tag' }]);
    expect(samples(await registry.metrics(), 'streamfilter_filter_errors_total')).to.deep.equal([
      'streamfilter_filter_errors_total{filter="auth"} 1',
      'streamfilter_filter_errors_total{filter="tag"} 1',
    ]);
  });

  it('counts auth decisions and cache results from the auth metadata, at the end of a stream', async () => {
    const observer = metrics({ registry });
    const auth = (decision: string, cache?: string) => ({
      [AUTH_METADATA]: { filter: 'remoteBasicAuth', decision, cache },
    });
    observe(observer, [], auth('allowed', 'miss'));
    observe(observer, [], auth('allowed', 'hit'));
    observe(observer, [], auth('allowed', 'shared'));
    observe(observer, [], auth('denied', 'coalesced'));
    observe(observer, [], auth('error'));
    observe(observer, [], auth('fail_open'));
    const text = await registry.metrics();
    expect(samples(text, 'streamfilter_auth_decisions_total')).to.deep.equal([
      'streamfilter_auth_decisions_total{filter="remoteBasicAuth",decision="allowed"} 3',
      'streamfilter_auth_decisions_total{filter="remoteBasicAuth",decision="denied"} 1',
      'streamfilter_auth_decisions_total{filter="remoteBasicAuth",decision="error"} 1',
      'streamfilter_auth_decisions_total{filter="remoteBasicAuth",decision="fail_open"} 1',
    ]);
    expect(samples(text, 'streamfilter_auth_cache_total')).to.deep.equal([
      'streamfilter_auth_cache_total{filter="remoteBasicAuth",result="miss"} 1',
      'streamfilter_auth_cache_total{filter="remoteBasicAuth",result="hit"} 1',
      'streamfilter_auth_cache_total{filter="remoteBasicAuth",result="shared"} 1',
      'streamfilter_auth_cache_total{filter="remoteBasicAuth",result="coalesced"} 1',
    ]);
  });

  it('ignores auth metadata outside the fixed label values, so it cannot grow the series', async () => {
    const observer = metrics({ registry });
    observe(observer, [], {});
    observe(observer, [], { [AUTH_METADATA]: 'allowed' });
    observe(observer, [], { [AUTH_METADATA]: { filter: 'a', decision: 'maybe', cache: 'hit' } });
    observe(observer, [], { [AUTH_METADATA]: { decision: 'allowed' } });
    observe(observer, [], { [AUTH_METADATA]: { filter: 'a', decision: 'denied', cache: 'warm' } });
    const text = await registry.metrics();
    expect(samples(text, 'streamfilter_auth_decisions_total')).to.deep.equal([
      'streamfilter_auth_decisions_total{filter="a",decision="denied"} 1',
    ]);
    expect(samples(text, 'streamfilter_auth_cache_total')).to.deep.equal([]);
  });

  it('reuses the metrics already in the registry when called again', async () => {
    const first = metrics({ registry });
    const second = metrics({ registry });
    observe(first, [{ outcome: 'localReply', code: 401 }]);
    observe(second, [{ outcome: 'localReply', code: 401 }]);
    expect(samples(await registry.metrics(), 'streamfilter_local_replies_total')).to.deep.equal([
      'streamfilter_local_replies_total{filter="auth",code="401"} 2',
    ]);
  });

  it('refuses a registry holding another metric under one of its names', () => {
    new Gauge({ name: 'streamfilter_filter_errors_total', help: 'x', registers: [registry] });
    expect(thrown(() => metrics({ registry })).code).to.equal('ERR_FILTER_CONFIG');
    const other = new Registry();
    new Counter({
      name: 'streamfilter_filter_errors_total',
      help: 'x',
      labelNames: ['route'],
      registers: [other],
    });
    expect(thrown(() => metrics({ registry: other })).message).to.include(
      '"streamfilter_filter_errors_total"',
    );
  });

  it('names the metrics with the given prefix', async () => {
    const observer = metrics({ registry, prefix: 'api_' });
    observe(observer, [{ outcome: 'error' }]);
    expect(samples(await registry.metrics(), 'api_filter_errors_total')).to.deep.equal([
      'api_filter_errors_total{filter="auth"} 1',
    ]);
  });

  it('refuses bad options at the call', () => {
    const bad: unknown[] = [
      { prefix: 'not a name' },
      { prefix: 1 },
      { buckets: [] },
      { buckets: [0.1, 0.01] },
      { buckets: [0, 1] },
      { buckets: 'fast' },
      { registry: {} },
      null,
    ];
    for (const options of bad) {
      const error = thrown(() => metrics(options as never));
      expect(error, JSON.stringify(options)).to.be.instanceOf(StreamFilterError);
      expect(error.code).to.equal('ERR_FILTER_CONFIG');
    }
  });

  it("registers in prom-client's global registry by default", async () => {
    try {
      observe(metrics(), [{ outcome: 'error', filter: 'global' }]);
      expect(samples(await register.metrics(), 'streamfilter_filter_errors_total')).to.deep.equal([
        'streamfilter_filter_errors_total{filter="global"} 1',
      ]);
    } finally {
      register.clear();
    }
  });

  it('is scraped over HTTP on a /metrics endpoint', async () => {
    const observer = metrics({ registry });
    observe(observer, [{ outcome: 'localReply', code: 401 }], {
      [AUTH_METADATA]: { filter: 'auth', decision: 'denied' },
    });
    const server = await metricsServer(registry);
    try {
      const res = await request(urlOf(server)).get('/metrics').expect(200);
      expect(res.headers['content-type']).to.equal(registry.contentType);
      expect(res.text).to.include('streamfilter_local_replies_total{filter="auth",code="401"} 1\n');
      expect(res.text).to.include(
        'streamfilter_auth_decisions_total{filter="auth",decision="denied"} 1\n',
      );
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });
});
