import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { expect } from 'chai';

const run = promisify(execFile);
const root = resolve(__dirname, '..');
const packages = ['core', 'express', 'filters', 'opentelemetry', 'prometheus'];

const requireScript = `
const http = require('node:http');
const express = require('express');
const { Status } = require('@streamfilter/core');
const { runFilter } = require('@streamfilter/core/testing');
const { filterChain } = require('@streamfilter/express');
const { basicAuth } = require('@streamfilter/filters');
const { tracing } = require('@streamfilter/opentelemetry');
const { metrics } = require('@streamfilter/prometheus');
const { Registry } = require('prom-client');
const registry = new Registry();
const app = express();
app.use(filterChain([basicAuth({ users: { foo: 'bar' } })], {
  observers: [metrics({ registry }), tracing()],
}));
app.get('/', (req, res) => res.send('hello'));
const server = app.listen(0, '127.0.0.1', () => {
  const { port } = server.address();
  const get = (auth) => new Promise((done) => {
    const headers = auth ? { authorization: auth } : {};
    http.get({ host: '127.0.0.1', port, path: '/', headers }, (res) => {
      res.resume();
      res.on('end', () => done(res.statusCode));
    });
  });
  Promise.all([get(), get('Basic Zm9vOmJhcg==')]).then(async (codes) => {
    const scrape = await registry.metrics();
    const metered = scrape.includes('streamfilter_filter_errors_total');
    console.log(JSON.stringify({ codes, running: Status.Running, runFilter: typeof runFilter, metered }));
    server.close();
  });
});
`;

const importScript = `
import { Status, defineFilter } from '@streamfilter/core';
import { runFilter } from '@streamfilter/core/testing';
import { filterChain } from '@streamfilter/express';
import { basicAuth, remoteBasicAuth } from '@streamfilter/filters';
const result = await runFilter(basicAuth({ users: { foo: 'bar' } }), {});
console.log(JSON.stringify({
  code: result.localReply?.code,
  types: [typeof defineFilter, typeof filterChain, typeof remoteBasicAuth],
  status: Status.Continue,
}));
`;

const lazyScript = `
const loaded = (name) =>
  Object.keys(require.cache).some((file) => file.split(/[\\\\/]/).includes(name));
const modules = () => ({
  axios: loaded('axios'),
  lruCache: loaded('lru-cache'),
  redis: loaded('redis') || loaded('@redis'),
});
const { basicAuth, remoteBasicAuth } = require('@streamfilter/filters');
basicAuth({ users: { foo: 'bar' } });
const withBasicAuth = modules();
remoteBasicAuth({ url: 'http://127.0.0.1:1/check', cache: true });
const withRemoteBasicAuth = modules();
let withoutRedisInstalled;
try {
  const cache = { redisUrl: 'redis://127.0.0.1:1', secret: 'x'.repeat(32) };
  remoteBasicAuth({ url: 'http://127.0.0.1:1/check', cache });
} catch (error) {
  withoutRedisInstalled = [error.code, /npm install redis/.test(error.message)];
}
console.log(JSON.stringify({ withBasicAuth, withRemoteBasicAuth, withoutRedisInstalled }));
`;

const typesScript = `
import { Status, type StreamFilter, defineFilter } from '@streamfilter/core';
import { filterChain } from '@streamfilter/express';
import { basicAuth } from '@streamfilter/filters';
import { tracing } from '@streamfilter/opentelemetry';
import { metrics } from '@streamfilter/prometheus';
const f: StreamFilter = { decodeHeaders: () => Status.Continue };
const tag = defineFilter({ name: 'tag', parse: (o: { v: string }) => o, create: () => f });
export const chain = filterChain([tag({ v: 'x' }), basicAuth({ users: { a: 'b' } })], {
  observers: [metrics({ prefix: 'app_' }), tracing({ thresholdMs: 5 })],
});
`;

describe('the packed packages', function () {
  this.timeout(120_000);
  let dir = '';

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'streamfilter-pack-'));
    await run('npm', ['run', 'build'], { cwd: root });
    await run(
      'npm',
      [
        'pack',
        ...packages.flatMap((p) => ['--workspace', `packages/${p}`]),
        '--pack-destination',
        dir,
      ],
      { cwd: root },
    );
    const dependencies: Record<string, string> = {
      express: '^5',
      'prom-client': '^15',
      '@opentelemetry/api': '^1.9',
    };
    for (const p of packages)
      dependencies[`@streamfilter/${p}`] = `file:./streamfilter-${p}-0.1.0.tgz`;
    await writeFile(
      join(dir, 'package.json'),
      JSON.stringify({ name: 'scratch', private: true, dependencies }),
    );
    await run('npm', ['install', '--prefer-offline', '--no-audit', '--no-fund'], { cwd: dir });
  });

  after(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('work with require() in a fresh project', async () => {
    await writeFile(join(dir, 'app.cjs'), requireScript);
    const { stdout } = await run(process.execPath, ['app.cjs'], { cwd: dir });
    expect(JSON.parse(stdout)).to.deep.equal({
      codes: [401, 200],
      running: 'Running',
      runFilter: 'function',
      metered: true,
    });
  });

  it('work with import in a fresh project', async () => {
    await writeFile(join(dir, 'app.mjs'), importScript);
    const { stdout } = await run(process.execPath, ['app.mjs'], { cwd: dir });
    expect(JSON.parse(stdout)).to.deep.equal({
      code: 401,
      types: ['function', 'function', 'function'],
      status: 'Continue',
    });
  });

  it('load neither axios nor lru-cache for basicAuth alone, and need no redis without Redis', async () => {
    await writeFile(join(dir, 'lazy.cjs'), lazyScript);
    const { stdout } = await run(process.execPath, ['lazy.cjs'], { cwd: dir });
    expect(JSON.parse(stdout)).to.deep.equal({
      withBasicAuth: { axios: false, lruCache: false, redis: false },
      withRemoteBasicAuth: { axios: true, lruCache: true, redis: false },
      withoutRedisInstalled: ['ERR_FILTER_CONFIG', true],
    });
  });

  it('ship type declarations that a TypeScript project resolves', async () => {
    await writeFile(join(dir, 'app.mts'), typesScript);
    const tsc = join(root, 'node_modules', '.bin', 'tsc');
    const args = [
      '--noEmit',
      '--strict',
      '--module',
      'nodenext',
      '--moduleResolution',
      'nodenext',
      '--skipLibCheck',
      'app.mts',
    ];
    const { stdout } = await run(tsc, args, { cwd: dir }).catch(
      (error: { stdout: string }) => error,
    );
    expect(stdout).to.equal('');
  });
});
