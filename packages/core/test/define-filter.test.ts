import { configError, defineFilter } from '@streamfilter/core';
import { runFilter } from '@streamfilter/core/testing';
import { expect } from 'chai';
import { thrown } from './helpers';

interface TagOptions {
  name: string;
  value: string;
}

let parses = 0;

const tag = defineFilter({
  name: 'tag',
  parse(options: TagOptions) {
    parses++;
    if (typeof options?.name !== 'string' || options.name === '') {
      throw configError('tag', 'name', 'must be a non-empty string', options?.name);
    }
    if (typeof options.value !== 'string') {
      throw configError('tag', 'value', 'must be a string', options.value);
    }
    return { header: options.name.toLowerCase(), value: options.value };
  },
  create: (config) => ({
    decodeHeaders(headers) {
      headers.set(config.header, config.value);
    },
  }),
});

describe('defineFilter()', () => {
  it('validates the options through parse at the call, before any request', () => {
    const before = parses;
    const filter = tag({ name: 'X-Env', value: 'prod' });
    expect(parses).to.equal(before + 1);
    expect(filter.config).to.deep.equal({ header: 'x-env', value: 'prod' });
    expect(filter.options).to.deep.equal({ name: 'X-Env', value: 'prod' });
  });

  it('throws ERR_FILTER_CONFIG naming the filter, the option and the bad value', () => {
    const error = thrown(() => tag({ name: 'x-env', value: 42 as unknown as string }));
    expect(error.code).to.equal('ERR_FILTER_CONFIG');
    expect(error.message).to.equal('tag: "value" must be a string, got 42');
  });

  it('quotes a bad string value in the message', () => {
    const error = thrown(() => tag({ name: '', value: 'v' }));
    expect(error.message).to.equal('tag: "name" must be a non-empty string, got ""');
  });

  it('wraps any other error thrown by parse as ERR_FILTER_CONFIG naming the filter', () => {
    const strict = defineFilter({
      name: 'strict',
      parse: (options: { url: string }) => new URL(options.url),
      create: () => ({}),
    });
    const error = thrown(() => strict({ url: 'not a url' }));
    expect(error.code).to.equal('ERR_FILTER_CONFIG');
    expect(error.message).to.match(/^strict: invalid options: /);
    expect(error.cause).to.be.instanceOf(TypeError);
  });

  it('calls parse, merge and create with the definition as this', () => {
    const definition = {
      name: 'selfish',
      prefix: 'x-',
      parse(this: { prefix: string }, options: { suffix: string }) {
        return `${this.prefix}${options.suffix}`;
      },
      merge(
        this: { prefix: string },
        parent: { suffix: string },
        child: Partial<{ suffix: string }>,
      ) {
        return { suffix: `${parent.suffix}${this.prefix}${child.suffix}` };
      },
      create(this: { prefix: string }, config: string) {
        const prefix = this.prefix;
        return {
          decodeHeaders(headers: { set(n: string, v: string): unknown }) {
            headers.set(config, prefix);
          },
        };
      },
    };
    const filter = defineFilter(definition)({ suffix: 'a' });
    expect(filter.config).to.equal('x-a');
    expect(filter.override({ suffix: 'b' }).config).to.equal('x-ax-b');
  });

  it('names the returned factory after the filter', () => {
    expect(tag.name).to.equal('tag');
    expect(tag({ name: 'a', value: 'b' }).name).to.equal('tag');
  });

  it('creates a filter that runs with its parsed config', async () => {
    const result = await runFilter(tag({ name: 'X-Env', value: 'prod' }));
    expect(result.request.headers?.get('x-env')).to.equal('prod');
  });

  it('rejects a definition without a name, parse or create', () => {
    const create = () => ({});
    const parse = (o: unknown) => o;
    expect(thrown(() => defineFilter({ name: '', parse, create })).code).to.equal(
      'ERR_INVALID_CHAIN',
    );
    expect(
      thrown(() =>
        defineFilter({ name: 'a', create } as unknown as Parameters<typeof defineFilter>[0]),
      ).code,
    ).to.equal('ERR_INVALID_CHAIN');
    expect(
      thrown(() =>
        defineFilter({ name: 'a', parse } as unknown as Parameters<typeof defineFilter>[0]),
      ).code,
    ).to.equal('ERR_INVALID_CHAIN');
  });
});

describe('ConfiguredFilter', () => {
  const limit = defineFilter({
    name: 'limit',
    parse(options: { max: number; label?: string }) {
      if (!(Number.isInteger(options.max) && options.max > 0)) {
        throw configError('limit', 'max', 'must be a positive integer', options.max);
      }
      return options;
    },
    merge: (parent, child) => ({ ...parent, ...child }),
    create: () => ({}),
  });

  const replaced = defineFilter({
    name: 'replaced',
    parse: (options: { max?: number; label?: string }) => options,
    create: () => ({}),
  });

  it('folds an override onto the options with merge()', () => {
    const filter = limit({ max: 10, label: 'base' }).override({ max: 5 });
    expect(filter.options).to.deep.equal({ max: 5, label: 'base' });
    expect(filter.config).to.deep.equal({ max: 5, label: 'base' });
  });

  it('replaces the options with the override when there is no merge()', () => {
    const filter = replaced({ max: 10, label: 'base' }).override({ max: 5 });
    expect(filter.options).to.deep.equal({ max: 5 });
  });

  it('validates the merged options through parse', () => {
    const error = thrown(() => limit({ max: 10 }).override({ max: -1 }));
    expect(error.code).to.equal('ERR_FILTER_CONFIG');
    expect(error.message).to.equal('limit: "max" must be a positive integer, got -1');
  });

  it('leaves the original filter unchanged by an override', () => {
    const base = limit({ max: 10 });
    base.override({ max: 5 });
    expect(base.options).to.deep.equal({ max: 10 });
  });

  it('copies a filter under another name with named()', () => {
    const second = limit({ max: 10 }).named('limit2');
    expect(second.name).to.equal('limit2');
    expect(second.options).to.deep.equal({ max: 10 });
    expect(second.override({ max: 3 }).name).to.equal('limit2');
  });

  it('rejects an empty name given to named()', () => {
    expect(thrown(() => limit({ max: 10 }).named('')).code).to.equal('ERR_INVALID_CHAIN');
  });
});
