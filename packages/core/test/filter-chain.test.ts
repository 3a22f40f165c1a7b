import { configError, defineFilter, FilterChain, Phase, Status } from '@streamfilter/core';
import { expect } from 'chai';
import { filter, managerFor, requestHeaders, thrown } from './helpers';

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
  it('rejects two filters with the same name', () => {
    const error = thrown(() => new FilterChain([filter('a'), filter('a')]));
    expect(error.code).to.equal('ERR_INVALID_CHAIN');
    expect(error.message).to.contain('"a"');
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

  it('rejects an override for a filter the chain does not have', () => {
    const chain = new FilterChain([greet({ greeting: 'hi' })]);
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

  it('learns the phases from the first stream', () => {
    const chain = new FilterChain([
      filter('a', () => ({ decodeHeaders: () => Status.Continue })),
      filter('b', () => ({ encodeData: () => Status.Continue, onLog: () => {} })),
    ]);
    expect(chain.phases).to.equal(undefined);
    managerFor(chain);
    expect(chain.phases).to.equal(Phase.DecodeHeaders | Phase.EncodeData | Phase.Log);
  });
});
