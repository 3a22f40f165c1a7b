import {
  type ChainableFilter,
  FilterChain,
  type FilterChainOptions,
  type RequestAuth,
} from '@streamfilter/core';
import { runFilters } from '@streamfilter/node';
import type {
  FastifyInstance,
  FastifyReply,
  FastifyRequest,
  HookHandlerDoneFunction,
} from 'fastify';
import fp from 'fastify-plugin';
import { FastifyHost } from './fastify-host';

/** What `app.register(streamfilter, options)` takes: the filters, and the chain options. */
interface StreamfilterOptions extends FilterChainOptions {
  filters: readonly ChainableFilter[];
}

/** Fastify's own `register` options: not chain options. */
const REGISTER_OPTIONS = ['prefix', 'logLevel', 'logSerializers'];

/**
 * Runs `filters` in an `onRequest` hook of the scope it is registered in (and the scopes
 * inside it), on the request and the response.
 *
 * @example
 * const app = Fastify();
 * await app.register(streamfilter, { filters: [remoteBasicAuth({ url })], filterTimeoutMs: 5000 });
 * app.get('/', async () => 'hello');
 */
function streamfilter(
  fastify: FastifyInstance,
  options: StreamfilterOptions,
  done: (error?: Error) => void,
): void {
  let chain: FilterChain;
  try {
    const { filters, ...chainOptions } = options;
    for (const name of REGISTER_OPTIONS) delete (chainOptions as Record<string, unknown>)[name];
    chain = new FilterChain(filters, chainOptions);
  } catch (error) {
    done(error as Error);
    return;
  }
  if (!fastify.hasRequestDecorator('auth')) fastify.decorateRequest('auth', null);
  fastify.addHook(
    'onRequest',
    function streamfilterChain(
      request: FastifyRequest,
      reply: FastifyReply,
      next: HookHandlerDoneFunction,
    ): void {
      runFilters(chain, request.raw, reply.raw, new FastifyHost(request, reply, next));
    },
  );
  done();
}

// Not encapsulated by its own register: the hook belongs to the scope that registers it.
fp(streamfilter, { name: '@streamfilter/fastify', fastify: '4.x || 5.x' });

declare module 'fastify' {
  interface FastifyRequest {
    /**
     * Who an authentication filter of the chain (`basicAuth`, `remoteBasicAuth`, `remoteAuth`)
     * let in: `{ user, filter }`; `null` when none did, absent outside the scopes the plugin
     * filters.
     */
    auth?: RequestAuth | null;
  }
}

declare namespace streamfilter {
  /** What `app.register(streamfilter, options)` takes: the filters, and the chain options. */
  export type { StreamfilterOptions };
}

// The module is the plugin (`require()` gives it) and the plugin is its own `default`, so
// `import streamfilter from '@streamfilter/fastify'` works from ESM and CommonJS alike.
export = streamfilter;
