import { execFile } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { expect } from 'chai';

const run = promisify(execFile);
const root = resolve(__dirname, '..');
/** Every package of the repository: a new one is packed, installed and checked with no edit here. */
const packages = readdirSync(join(root, 'packages')).filter((name) =>
  existsSync(join(root, 'packages', name, 'package.json')),
);
const quiet = ['--prefer-offline', '--no-audit', '--no-fund'];
// Nothing listens there: `npm publish --dry-run` never reaches a registry, and fails fast.
const noRegistry = ['--registry', 'http://127.0.0.1:9/', '--fetch-retries', '0'];

/** What `npm pack --json` says of one tarball. */
interface Packed {
  name: string;
  filename: string;
  files: Array<{ path: string }>;
}

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
import { withFilters } from '@streamfilter/node';
const result = await runFilter(basicAuth({ users: { foo: 'bar' } }), {});
console.log(JSON.stringify({
  code: result.localReply?.code,
  types: [typeof defineFilter, typeof filterChain, typeof remoteBasicAuth, typeof withFilters],
  status: Status.Continue,
}));
`;

const fetchScript = `
import { withFilters } from '@streamfilter/fetch';
import { basicAuth } from '@streamfilter/filters';
import { filterChain } from '@streamfilter/hono';
import { Hono } from 'hono';
const auth = basicAuth({ users: { foo: 'bar' } });
const handler = withFilters([auth], () => new Response('hello'));
const app = new Hono();
app.use(filterChain([auth]));
app.get('/', (c) => c.text('hello'));
const authorization = 'Basic Zm9vOmJhcg==';
const codes = [
  (await handler(new Request('http://localhost/'))).status,
  (await handler(new Request('http://localhost/', { headers: { authorization } }))).status,
  (await app.request('/')).status,
  (await app.request('/', { headers: { authorization } })).status,
];
console.log(JSON.stringify({ codes }));
`;

const lazyScript = `
const loaded = (name) =>
  Object.keys(require.cache).some((file) => file.split(/[\\\\/]/).includes(name));
const modules = () => ({
  axios: loaded('axios'),
  lruCache: loaded('lru-cache'),
  redis: loaded('redis') || loaded('@redis'),
});
const { runFilter } = require('@streamfilter/core/testing');
const { basicAuth, remoteBasicAuth } = require('@streamfilter/filters');
const auth = basicAuth({ users: { foo: 'bar' } });
(async () => {
  const allowed = await runFilter(auth, { headers: { authorization: 'Basic Zm9vOmJhcg==' } });
  const denied = await runFilter(auth, {});
  const used = allowed.localReply === undefined && denied.localReply.code === 401;
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
  console.log(JSON.stringify({ used, withBasicAuth, withRemoteBasicAuth, withoutRedisInstalled }));
})();
`;

const typesScript = `
import { Status, type StreamFilter, defineFilter } from '@streamfilter/core';
import { filterChain } from '@streamfilter/express';
import { withFilters as withFetchFilters } from '@streamfilter/fetch';
import { basicAuth } from '@streamfilter/filters';
import { filterChain as honoChain } from '@streamfilter/hono';
import { tracing } from '@streamfilter/opentelemetry';
import { withFilters } from '@streamfilter/node';
import { metrics } from '@streamfilter/prometheus';
const f: StreamFilter = { decodeHeaders: () => Status.Continue };
const tag = defineFilter({ name: 'tag', parse: (o: { v: string }) => o, create: () => f });
export const chain = filterChain([tag({ v: 'x' }), basicAuth({ users: { a: 'b' } })], {
  observers: [metrics({ prefix: 'app_' }), tracing({ thresholdMs: 5 })],
});
export const listener = withFilters([tag({ v: 'y' })], (req, res) => {
  res.end(req.headers['x-user'] ?? '');
});
export const handler = withFetchFilters([tag({ v: 'w' })], async (request: Request) => new Response(request.url));
export const middleware: import('hono').MiddlewareHandler = honoChain([tag({ v: 'z' })]);
`;

// A CommonJS project on TypeScript 5 ("module": "commonjs" resolves as node10, which ignores
// "exports"): every entry point of every package must still resolve, through "types" and
// "typesVersions".
function commonJsTypesScript(): string {
  const lines = [
    "import { type FakeRequest, runFilter } from '@streamfilter/core/testing';",
    "import { basicAuth } from '@streamfilter/filters';",
    "const request: FakeRequest = { headers: { authorization: 'Basic Zm9vOmJhcg==' } };",
    'export const checked = runFilter(basicAuth({ users: { foo: "bar" } }), request);',
  ];
  packages.forEach((name, i) => {
    const manifest = JSON.parse(readFileSync(join(root, 'packages', name, 'package.json'), 'utf8'));
    const entries = Object.keys(manifest.exports ?? { '.': '' }).filter(
      (e) => !e.endsWith('.json'),
    );
    entries.forEach((entry, j) => {
      const specifier = `${manifest.name}${entry.slice(1)}`;
      lines.push(`import * as entry${i}_${j} from '${specifier}';`, `export { entry${i}_${j} };`);
    });
  });
  return lines.join('\n');
}

// The framework adapters from ESM and CommonJS: the Fastify plugin is the module itself.
const frameworksScript = `
import { createRequire } from 'node:module';
import streamfilter from '@streamfilter/fastify';
import { filterChain } from '@streamfilter/koa';
import { basicAuth } from '@streamfilter/filters';
import Fastify from 'fastify';
import Koa from 'koa';
const require = createRequire(import.meta.url);
const auth = basicAuth({ users: { foo: 'bar' } });
const fastify = Fastify();
await fastify.register(streamfilter, { filters: [auth] });
fastify.get('/', async () => 'hello');
const fastifyCode = (await fastify.inject('/')).statusCode;
const koa = new Koa();
koa.use(filterChain([auth]));
koa.use((ctx) => { ctx.body = 'hello'; });
const server = koa.listen(0, '127.0.0.1');
await new Promise((resolve) => server.once('listening', resolve));
const koaCode = (await fetch('http://127.0.0.1:' + server.address().port + '/')).status;
server.close();
await fastify.close();
console.log(JSON.stringify({
  fastifyCode,
  koaCode,
  required: require('@streamfilter/fastify') === streamfilter && streamfilter.default === streamfilter,
}));
`;

const frameworkTypesScript = `
import streamfilter from '@streamfilter/fastify';
import { filterChain } from '@streamfilter/koa';
import { basicAuth } from '@streamfilter/filters';
import Fastify from 'fastify';
import Koa from 'koa';
const auth = basicAuth({ users: { a: 'b' } });
const options: streamfilter.StreamfilterOptions = { filters: [auth], filterTimeoutMs: 5000 };
await Fastify().register(streamfilter, options);
new Koa().use(filterChain([auth], { maxRequestBodyBytes: 1024 }));
`;

describe('the packages, packed from a clean copy of the repository', function () {
  // About a minute on an idle machine; the bound leaves room for a busy one.
  this.timeout(480_000);
  let dir = '';
  let app = '';
  let packed: Packed[] = [];

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'streamfilter-pack-'));
    // A clean clone: the committed tree only, no dist/, no node_modules.
    const clone = join(dir, 'clone');
    await mkdir(clone);
    await run('sh', ['-c', 'git archive HEAD | tar -x -C "$1"', 'sh', clone], { cwd: root });
    // Install scripts are not needed to build (and a clean clone's own build is what prepack runs).
    await run('npm', ['ci', '--ignore-scripts', ...quiet], { cwd: clone });
    const workspaces = packages.flatMap((p) => ['--workspace', `packages/${p}`]);
    const { stdout } = await run(
      'npm',
      ['pack', ...workspaces, '--json', '--pack-destination', dir],
      { cwd: clone, maxBuffer: 64 * 1024 * 1024 },
    );
    packed = JSON.parse(stdout) as Packed[];
    await run('npm', ['publish', '--dry-run', ...workspaces, ...noRegistry], { cwd: clone });

    app = join(dir, 'app');
    await mkdir(app);
    const dependencies: Record<string, string> = {
      express: '^5',
      fastify: '^5',
      koa: '^3',
      '@types/koa': '^3',
      hono: '^4',
      'prom-client': '^15',
      '@opentelemetry/api': '^1.9',
      typescript: '~5.9.3',
      '@types/node': '^20',
    };
    for (const p of packed) dependencies[p.name] = `file:../${p.filename}`;
    await writeFile(
      join(app, 'package.json'),
      JSON.stringify({ name: 'scratch', private: true, dependencies }),
    );
    await run('npm', ['install', ...quiet], { cwd: app });
  });

  after(async () => {
    if (dir) await rm(dir, { recursive: true, force: true, maxRetries: 5 });
  });

  it('packs every package, each built by its prepack', () => {
    expect(packed.map((p) => p.name).sort()).to.deep.equal(
      packages.map((p) => `@streamfilter/${p}`).sort(),
    );
  });

  for (const name of packages) {
    it(`ships dist, LICENSE, README and package.json in @streamfilter/${name}`, () => {
      const tarball = packed.find((p) => p.name === `@streamfilter/${name}`);
      const files = tarball?.files.map((f) => f.path) ?? [];
      for (const file of ['LICENSE', 'README.md', 'package.json', 'dist/index.js']) {
        expect(files, `${name}: ${file}`).to.include(file);
      }
      expect(files, `${name}: dist/index.d.ts`).to.include('dist/index.d.ts');
      expect(files.filter((f) => f.endsWith('.tsbuildinfo'))).to.deep.equal([]);
    });
  }

  it('work with require() in a fresh project', async () => {
    await writeFile(join(app, 'app.cjs'), requireScript);
    const { stdout } = await run(process.execPath, ['app.cjs'], { cwd: app });
    expect(JSON.parse(stdout)).to.deep.equal({
      codes: [401, 200],
      running: 'Running',
      runFilter: 'function',
      metered: true,
    });
  });

  it('work with import in a fresh project', async () => {
    await writeFile(join(app, 'app.mjs'), importScript);
    const { stdout } = await run(process.execPath, ['app.mjs'], { cwd: app });
    expect(JSON.parse(stdout)).to.deep.equal({
      code: 401,
      types: ['function', 'function', 'function', 'function'],
      status: 'Continue',
    });
  });

  it('serve a fetch handler and a Hono app in a fresh project', async () => {
    await writeFile(join(app, 'fetch.mjs'), fetchScript);
    const { stdout } = await run(process.execPath, ['fetch.mjs'], { cwd: app });
    expect(JSON.parse(stdout)).to.deep.equal({ codes: [401, 200, 401, 200] });
  });

  it('load neither axios nor lru-cache for basicAuth alone, used on requests, and need no redis without Redis', async () => {
    await writeFile(join(app, 'lazy.cjs'), lazyScript);
    const { stdout } = await run(process.execPath, ['lazy.cjs'], { cwd: app });
    expect(JSON.parse(stdout)).to.deep.equal({
      used: true,
      withBasicAuth: { axios: false, lruCache: false, redis: false },
      withRemoteBasicAuth: { axios: true, lruCache: true, redis: false },
      withoutRedisInstalled: ['ERR_FILTER_CONFIG', true],
    });
  });

  it('install streamfilter-forward-auth, which explains itself and a missing config', async () => {
    const bin = join(app, 'node_modules', '.bin', 'streamfilter-forward-auth');
    const help = await run(bin, ['--help'], { cwd: app });
    expect(help.stdout).to.match(/^Usage: streamfilter-forward-auth --config <module>/);
    const missing = await run(bin, ['--config', 'auth.config.mjs'], { cwd: app }).catch(
      (error: { code: number; stderr: string }) => error,
    );
    expect(missing).to.include({ code: 2 });
    expect((missing as { stderr: string }).stderr).to.match(
      /^streamfilter-forward-auth: config module auth\.config\.mjs not found/,
    );
  });

  it('ship type declarations that a TypeScript project resolves', async () => {
    await writeFile(join(app, 'app.mts'), typesScript);
    const tsc = join(root, 'node_modules', '.bin', 'tsc');
    const args = ['--noEmit', '--strict', '--module', 'nodenext', '--skipLibCheck', 'app.mts'];
    const { stdout } = await run(tsc, args, { cwd: app }).catch(
      (error: { stdout: string }) => error,
    );
    expect(stdout).to.equal('');
  });

  it('typecheck every entry point, @streamfilter/core/testing included, under "module": "commonjs" (node10) on TypeScript 5', async () => {
    await writeFile(join(app, 'app-cjs.ts'), commonJsTypesScript());
    const tsc = join(app, 'node_modules', '.bin', 'tsc');
    const args = ['--noEmit', '--strict', '--module', 'commonjs', '--target', 'es2022'];
    const { stdout } = await run(tsc, [...args, '--skipLibCheck', 'app-cjs.ts'], {
      cwd: app,
    }).catch((error: { stdout: string }) => error);
    expect(stdout).to.equal('');
  });
  it('run the Fastify plugin and the Koa middleware from ESM and CommonJS', async () => {
    await writeFile(join(app, 'frameworks.mjs'), frameworksScript);
    const { stdout } = await run(process.execPath, ['frameworks.mjs'], { cwd: app });
    expect(JSON.parse(stdout)).to.deep.equal({ fastifyCode: 401, koaCode: 401, required: true });
  });

  it('type the Fastify plugin and the Koa middleware for a TypeScript project', async () => {
    await writeFile(join(app, 'frameworks.mts'), frameworkTypesScript);
    const tsc = join(root, 'node_modules', '.bin', 'tsc');
    const args = ['--noEmit', '--strict', '--module', 'nodenext', '--skipLibCheck'];
    const { stdout } = await run(tsc, [...args, '--target', 'es2022', 'frameworks.mts'], {
      cwd: app,
    }).catch((error: { stdout: string }) => error);
    expect(stdout).to.equal('');
  });
});
