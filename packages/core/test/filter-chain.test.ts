import {
  configError,
  defineFilter,
  FilterChain,
  type FilterChainOptions,
  Status,
} from '@streamfilter/core';
import { runFilter } from '@streamfilter/core/testing';
import { expect } from 'chai';
import { filter } from '../../../test/support/filters';
import { managerFor, requestHeaders, thrown } from './helpers';

const greet = defineFilter({
  name: 'greet',
  parse(options: { greeting: string; punctuation?: string }) {
    if (typeof options.greeting !== 'string') {
      throw configError('greet', 'greeting', 'must be a string', options.greeting);
    }
    return options;
  },
  merge: (parent, child) => ({ ...parent, ...child }),
  create: (config) => ({
    decodeHeaders(headers) {
      headers.set('x-greeting', `${config.greeting}${config.punctuation ?? ''}`);
    },
  }),
});

describe('FilterChain', () => {
  it('runs the same filter twice, in chain order', async () => {
    const tag = defineFilter({
      name: 'tag',
      parse: (options: { name: string }) => options,
      create: (config) => ({
        decodeHeaders(headers) {
          headers.add('x-tag', config.name);
        },
      }),
    });
    const result = await runFilter([tag({ name: 'a' }), tag({ name: 'b' })]);
    expect(result.request.headers?.values('x-tag')).to.deep.equal(['a', 'b']);
  });

  it('refuses an override that cannot tell two filters of one name apart, and says why', () => {
    const chain = new FilterChain([greet({ greeting: 'a' }), greet({ greeting: 'b' })]);
    const error = thrown(() => chain.withOverrides({ greet: { greeting: 'c' } }));
    expect(error.code).to.equal('ERR_INVALID_CHAIN');
    expect(error.message).to.contain('2 filters are named "greet"');
    expect(error.message).to.contain(".named('...')");
  });

  it('lets an override address one of two filters once each has its own name', () => {
    const chain = new FilterChain([greet({ greeting: 'a' }), greet({ greeting: 'b' }).named('b')]);
    expect(chain.withOverrides({ b: false }).filters.map((f) => f.name)).to.deep.equal(['greet']);
  });

  it('refuses an override that is neither false nor an options object, saying what to write', () => {
    const chain = new FilterChain([greet({ greeting: 'a' })]);
    // @ts-expect-error: the types refuse it too; this checks the runtime, for JavaScript callers
    const error = thrown(() => chain.withOverrides({ greet: 'off' }));
    expect(error.message).to.equal(
      'filter chain: the override for "greet" must be false (to drop the filter) or an options object, got "off"',
    );
  });

  it('refuses an unknown option at construction, naming it and the known ones', () => {
    const options = { filterTimeout: 5 } as unknown as FilterChainOptions;
    const error = thrown(() => new FilterChain([], options));
    expect(error.code).to.equal('ERR_FILTER_CONFIG');
    expect(error.message).to.equal(
      'filter chain: unknown option "filterTimeout" (known options: logger, maxRequestBodyBytes, maxResponseBodyBytes, filterTimeoutMs, observers)',
    );
  });

  it('refuses a filterTimeoutMs that is not a whole number of milliseconds', () => {
    const error = thrown(() => new FilterChain([], { filterTimeoutMs: -1 }));
    expect(error.message).to.contain('"filterTimeoutMs" must be a whole number of milliseconds');
  });

  it('refuses observers that are not observers', () => {
    const observers = [{}] as unknown as FilterChainOptions['observers'];
    expect(thrown(() => new FilterChain([], { observers })).message).to.contain('"observers"');
  });

  it('rejects an entry that is not a filter', () => {
    const notAFilter = greet as unknown as ReturnType<typeof greet>;
    expect(thrown(() => new FilterChain([notAFilter])).code).to.equal('ERR_INVALID_CHAIN');
  });

  it('rejects something other than an array', () => {
    const error = thrown(() => new FilterChain('greet' as unknown as []));
    expect(error.code).to.equal('ERR_INVALID_CHAIN');
  });

  it('rejects a body limit that is not a whole number of bytes', () => {
    const error = thrown(() => new FilterChain([], { maxRequestBodyBytes: -1 }));
    expect(error.code).to.equal('ERR_INVALID_CHAIN');
    expect(error.message).to.contain('maxRequestBodyBytes');
    expect(thrown(() => new FilterChain([], { maxResponseBodyBytes: 1.5 })).code).to.equal(
      'ERR_INVALID_CHAIN',
    );
  });

  it('defaults both body limits to 1 MiB', () => {
    const chain = new FilterChain([]);
    expect(chain.maxRequestBodyBytes).to.equal(1024 * 1024);
    expect(chain.maxResponseBodyBytes).to.equal(1024 * 1024);
  });

  it('merges per-route options into a filter with withOverrides()', () => {
    const chain = new FilterChain([greet({ greeting: 'hello', punctuation: '!' })]);
    const route = chain.withOverrides({ greet: { greeting: 'bye' } });
    const options = (route.filters[0] as ReturnType<typeof greet>).options;
    expect(options).to.deep.equal({ greeting: 'bye', punctuation: '!' });
  });

  it('runs the overridden config on the route chain only', () => {
    const chain = new FilterChain([greet({ greeting: 'hello' })]);
    const route = chain.withOverrides({ greet: { greeting: 'bye' } });
    const base = managerFor(chain);
    const routed = managerFor(route);
    base.manager.decodeHeaders(requestHeaders(), true);
    routed.manager.decodeHeaders(requestHeaders(), true);
    expect(base.record.requestHeaders?.get('x-greeting')).to.equal('hello');
    expect(routed.record.requestHeaders?.get('x-greeting')).to.equal('bye');
  });

  it('removes a filter overridden with false', () => {
    const chain = new FilterChain([filter('first'), greet({ greeting: 'hi' }), filter('last')]);
    const route = chain.withOverrides({ greet: false });
    expect(route.filters.map((f) => f.name)).to.deep.equal(['first', 'last']);
  });

  it('still removes the headers a filter owns where an override disables it', async () => {
    const stamp = defineFilter({
      name: 'stamp',
      parse: (options: { header: string }) => options,
      ownedHeaders: (config) => [config.header],
      create: (config) => ({
        decodeHeaders(headers) {
          headers.set(config.header, 'stamped');
        },
      }),
    });
    const chain = new FilterChain([stamp({ header: 'X-Stamped-By' })]);
    expect(chain.filters[0]?.ownedHeaders).to.deep.equal(['x-stamped-by']);
    const route = chain.withOverrides({ stamp: false });
    const forged = { headers: { 'x-stamped-by': 'forged', 'x-other': 'kept' } };
    const result = await runFilter(route.filters, forged);
    expect(result.request.headers?.has('x-stamped-by')).to.equal(false);
    expect(result.request.headers?.get('x-other')).to.equal('kept');
    const again = thrown(() => route.withOverrides({ stamp: { header: 'x-b' } }));
    expect(again.code).to.equal('ERR_INVALID_CHAIN');
    expect(again.message).to.contain('disabled (false) on this route');
  });

  it('knows the chain a per-route variant came from', () => {
    const chain = new FilterChain([greet({ greeting: 'hi' })]);
    const route = chain.withOverrides({ greet: { greeting: 'bye' } });
    expect(chain.base).to.equal(chain);
    expect(route.base).to.equal(chain);
    expect(route.withOverrides({}).base).to.equal(chain);
  });

  it('refuses ownedHeaders that are not header names', () => {
    const bad = defineFilter({
      name: 'bad',
      parse: (options: object) => options,
      ownedHeaders: () => [''],
      create: () => ({}),
    });
    expect(thrown(() => bad({})).code).to.equal('ERR_INVALID_CHAIN');
  });

  it('rejects an override for a filter the chain does not have', () => {
    const chain = new FilterChain([greet({ greeting: 'hi' })]);
    // @ts-expect-error: the types refuse it too; this checks the runtime, for JavaScript callers
    const error = thrown(() => chain.withOverrides({ greeet: { greeting: 'x' } }));
    expect(error.code).to.equal('ERR_INVALID_CHAIN');
    expect(error.message).to.contain('"greeet"');
    expect(error.message).to.contain('greet');
  });

  it('rejects options for a filter that was not made with defineFilter', () => {
    const chain = new FilterChain([filter('plain')]);
    expect(thrown(() => chain.withOverrides({ plain: { a: 1 } })).code).to.equal(
      'ERR_INVALID_CHAIN',
    );
    expect(chain.withOverrides({ plain: false }).filters).to.have.length(0);
  });

  it('throws ERR_FILTER_CONFIG when an override is invalid', () => {
    const chain = new FilterChain([greet({ greeting: 'hi' })]);
    // @ts-expect-error: the types refuse it too; this checks parse, for JavaScript callers
    const error = thrown(() => chain.withOverrides({ greet: { greeting: 7 } }));
    expect(error.code).to.equal('ERR_FILTER_CONFIG');
    expect(error.message).to.equal('greet: "greeting" must be a string, got 7');
  });

  it('keeps the options of the original chain on the route chain', () => {
    const logger = () => {};
    const chain = new FilterChain([greet({ greeting: 'hi' })], { logger, maxRequestBodyBytes: 10 });
    const route = chain.withOverrides({});
    expect(route.logger).to.equal(logger);
    expect(route.maxRequestBodyBytes).to.equal(10);
  });

  it('learns from the first stream which hooks its filters have', () => {
    const chain = new FilterChain([
      filter('a', () => ({ decodeHeaders: () => Status.Continue })),
      filter('b', () => ({ encodeData: () => Status.Continue, onLog: () => {} })),
    ]);
    const { manager } = managerFor(chain);
    expect(manager.wantsResponse).to.equal(true);
    expect(manager.wantsRequestBody).to.equal(false);
  });
});
