import path from 'node:path';
import vm from 'node:vm';
import { Status } from '@streamfilter/core';
import type { withFilters as WithFilters } from '@streamfilter/fetch';
import { expect } from 'chai';
import { build } from 'esbuild';

const ENTRY = path.join(__dirname, '..', 'src', 'index.ts');

/** Node's own globals: a Fetch host (a worker, Deno, Bun) need not have any of them. */
const NODE_GLOBALS = [
  'Buffer',
  'process',
  'setImmediate',
  'clearImmediate',
  'global',
  'require',
  'module',
  'exports',
  '__dirname',
  '__filename',
];

/**
 * The Web-standard globals a Fetch host has (WinterTC's minimum common API, in part); the
 * language's own (Promise, Uint8Array, ...) each context has anyway.
 */
const WEB_GLOBALS = {
  Request,
  Response,
  Headers,
  ReadableStream,
  WritableStream,
  TransformStream,
  TextEncoder,
  TextDecoder,
  AbortController,
  AbortSignal,
  URL,
  Event,
  EventTarget,
  DOMException,
  setTimeout,
  clearTimeout,
  queueMicrotask,
  structuredClone,
  performance,
  console,
};

/**
 * `@streamfilter/fetch` and all it uses of `@streamfilter/core`, bundled for no platform in
 * particular: a `node:` import (or any Node built-in) fails the bundle.
 */
async function bundle(): Promise<string> {
  const result = await build({
    entryPoints: [ENTRY],
    bundle: true,
    platform: 'neutral',
    format: 'iife',
    globalName: 'streamfilterFetch',
    conditions: ['@streamfilter/source'],
    mainFields: ['main'],
    minify: true,
    write: false,
    logLevel: 'silent',
  });
  return result.outputFiles[0]!.text;
}

describe('@streamfilter/fetch on a runtime without Node', function () {
  this.timeout(20_000);
  let code: string;
  let withFilters: typeof WithFilters;

  before(async () => {
    code = await bundle();
    const context = vm.createContext({ ...WEB_GLOBALS });
    vm.runInContext(code, context);
    withFilters = (context as { streamfilterFetch: { withFilters: typeof WithFilters } })
      .streamfilterFetch.withFilters;
  });

  it('bundles with its core for no platform: no node: import on its path', () => {
    expect(code).to.include('streamfilter');
    expect(code).to.not.match(/\bnode:/);
  });

  it('names no Node global in the bundle', () => {
    const names = NODE_GLOBALS.filter((name) =>
      new RegExp(`(?<![.\\w$])${name}(?![\\w$:])`).test(code),
    );
    expect(names).to.deep.equal([]);
  });

  it('serves a request through every hook with only Web-standard globals', async () => {
    const events: string[] = [];
    const handler = withFilters(
      [
        {
          name: 'everything',
          create: () => ({
            async decodeHeaders(headers) {
              await Promise.resolve();
              headers.set('x-seen', 'yes');
            },
            decodeData(buffer, endStream) {
              if (!endStream) return Status.StopAndBuffer;
              buffer.set(buffer.toString().toUpperCase());
            },
            encodeHeaders(headers) {
              headers.set('x-encoded', '1');
            },
            encodeData(buffer, endStream) {
              if (!endStream) return Status.StopAndBuffer;
              buffer.set(`[${buffer.toString()}]`);
            },
            onLog: (_req, _rt, res) => void events.push(`log ${res?.status}`),
            onDestroy: (reason) => void events.push(`destroy ${reason}`),
          }),
        },
      ],
      async (request) =>
        new Response(`${request.headers.get('x-seen')} ${await request.text()}`, {
          status: 201,
        }),
    );
    const response = await handler(
      new Request('http://example.test/', { method: 'POST', body: 'hi' }),
    );
    expect(response.status).to.equal(201);
    expect(response.headers.get('x-encoded')).to.equal('1');
    expect(await response.text()).to.equal('[yes HI]');
    expect(events).to.deep.equal(['log 201', 'destroy Normal']);
  });

  it('answers locally, and on a filter timeout aborts the filter signal', async () => {
    const events: string[] = [];
    const handler = withFilters(
      [
        {
          name: 'stuck',
          create: (callbacks) => ({
            decodeHeaders(headers) {
              if (headers.path === '/deny') return callbacks.sendLocalReply(403, 'denied');
              callbacks.signal.addEventListener('abort', () => void events.push('aborted'));
              return Status.Running;
            },
            onDestroy: (reason) => void events.push(`destroy ${reason}`),
          }),
        },
      ],
      () => new Response('unreachable'),
      { filterTimeoutMs: 5, logger: () => {} },
    );
    const denied = await handler(new Request('http://example.test/deny'));
    expect([denied.status, await denied.text()]).to.deep.equal([403, 'denied']);
    const late = await handler(new Request('http://example.test/wait'));
    expect([late.status, await late.text()]).to.deep.equal([504, 'filter timed out']);
    expect(events).to.deep.equal(['destroy Normal', 'aborted', 'destroy Terminate']);
  });
});
