import {
  type ChainableFilter,
  configError,
  defineFilter,
  Status,
  StreamFilterError,
} from '@streamfilter/core';
import { filterChain as expressChain } from '@streamfilter/express';
import { basicAuth, remoteBasicAuth } from '@streamfilter/filters';
import { filterChain as honoChain } from '@streamfilter/hono';
import { filterChain as koaChain } from '@streamfilter/koa';
import { expect } from 'chai';

// Each `@ts-expect-error` below is checked by `npm run typecheck`: if `route()` stopped refusing
// the call at the type level, the directive itself would fail to compile. At run time each
// refused call also throws, for JavaScript users.

interface HeaderOptions {
  header: string;
}

function parseHeader(options: HeaderOptions): HeaderOptions {
  if (typeof options?.header !== 'string' || options.header === '') {
    throw configError('requireHeader', 'header', 'must be a header name', options?.header);
  }
  return options;
}

/** A filter defined with a literal name: `defineFilter` infers it. */
const requireHeader = defineFilter({
  name: 'requireHeader',
  parse: parseHeader,
  create: (config, callbacks) => ({
    decodeHeaders(headers) {
      if (headers.has(config.header)) return Status.Continue;
      callbacks.sendLocalReply(400, `missing ${config.header}\n`);
      return Status.LocalReply;
    },
  }),
});

/** Explicit type arguments leave the name a plain `string`, as before names were typed. */
const legacyHeader = defineFilter<HeaderOptions, HeaderOptions>({
  name: 'legacyHeader',
  parse: parseHeader,
  create: () => ({}),
});

/** A filter whose name the types do not know. */
const untyped: ChainableFilter = { name: 'plain', create: () => ({}) };

function refused(code: string, make: () => unknown): void {
  expect(make).to.throw(StreamFilterError).with.property('code', code);
}

const filters = () => [basicAuth({ users: { a: 'b' } }), requireHeader({ header: 'x-tenant' })];

describe('route() overrides on Express, typed by filter name', () => {
  it('accepts options for a filter of the chain, or false', () => {
    const chain = expressChain(filters());
    chain.route({ basicAuth: { realm: 'admin' }, requireHeader: false });
    chain.route({ basicAuth: false }).route({ requireHeader: { header: 'x-org' } });
    chain.route({});
  });

  it('refuses a misspelled name, a wrong override type and "off"', () => {
    const chain = expressChain(filters());
    // @ts-expect-error: no filter named basicAuht
    refused('ERR_INVALID_CHAIN', () => chain.route({ basicAuht: false }));
    // @ts-expect-error: challenge is a boolean
    refused('ERR_FILTER_CONFIG', () => chain.route({ basicAuth: { challenge: 'no' } }));
    // @ts-expect-error: false drops a filter, not 'off'
    refused('ERR_INVALID_CHAIN', () => chain.route({ requireHeader: 'off' }));
  });
});

describe('route() overrides on Koa, typed by filter name', () => {
  it('accepts options for a filter of the chain, or false', () => {
    const chain = koaChain(filters());
    chain.route({ basicAuth: { realm: 'admin' }, requireHeader: false });
    chain.route({ requireHeader: { header: 'x-org' } });
  });

  it('refuses a misspelled name, a wrong override type and "off"', () => {
    const chain = koaChain(filters());
    // @ts-expect-error: no filter named requireHeaders
    refused('ERR_INVALID_CHAIN', () => chain.route({ requireHeaders: false }));
    // @ts-expect-error: header is a string
    refused('ERR_FILTER_CONFIG', () => chain.route({ requireHeader: { header: 7 } }));
    // @ts-expect-error: false drops a filter, not 'off'
    refused('ERR_INVALID_CHAIN', () => chain.route({ basicAuth: 'off' }));
  });
});

describe('route() overrides on Hono, typed by filter name', () => {
  it('accepts options for a filter of the chain, or false', () => {
    const chain = honoChain(filters());
    chain.route({ basicAuth: { realm: 'admin' }, requireHeader: false });
    chain.route({ basicAuth: { challenge: false } });
  });

  it('refuses a misspelled name, a wrong override type and "off"', () => {
    const chain = honoChain(filters());
    // @ts-expect-error: no filter named basicauth (names are case-sensitive)
    refused('ERR_INVALID_CHAIN', () => chain.route({ basicauth: false }));
    // @ts-expect-error: identityHeader is a header name or false
    refused('ERR_FILTER_CONFIG', () => chain.route({ basicAuth: { identityHeader: true } }));
    // @ts-expect-error: false drops a filter, not 'off'
    refused('ERR_INVALID_CHAIN', () => chain.route({ basicAuth: 'off' }));
  });
});

describe('route() overrides where the names are not all known', () => {
  it('accepts any key on a chain of untyped filters, and checks it at run time', () => {
    const chain = expressChain([untyped]);
    chain.route({ plain: false });
    refused('ERR_INVALID_CHAIN', () => chain.route({ anything: { at: 'all' } }));
  });

  it('keeps typing the known names of a mixed chain', () => {
    const chain = koaChain([basicAuth({ users: { a: 'b' } }), legacyHeader({ header: 'x-a' })]);
    chain.route({ basicAuth: { realm: 'admin' }, legacyHeader: false });
    refused('ERR_INVALID_CHAIN', () => chain.route({ anything: false }));
    // @ts-expect-error: false drops a filter, not 'off'
    refused('ERR_INVALID_CHAIN', () => chain.route({ basicAuth: 'off' }));
  });

  it('gives a filter renamed with .named() its new name', () => {
    const admin = remoteBasicAuth({ url: 'http://127.0.0.1:1/check' }).named('adminAuth');
    const chain = honoChain([basicAuth({ users: { a: 'b' } }), admin]);
    chain.route({ adminAuth: { realm: 'admin' }, basicAuth: false });
    // @ts-expect-error: the chain has no filter named remoteBasicAuth any more
    refused('ERR_INVALID_CHAIN', () => chain.route({ remoteBasicAuth: false }));
  });
});
