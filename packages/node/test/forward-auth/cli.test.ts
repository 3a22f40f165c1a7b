import path from 'node:path';
import { StreamFilterError } from '@streamfilter/core';
import { expect } from 'chai';
import request from 'supertest';
import {
  CliError,
  loadConfig,
  parseCliArgs,
  type RunningForwardAuth,
  startForwardAuth,
} from '../../src/forward-auth/cli';

const FIXTURES = path.join(__dirname, 'fixtures');

async function rejection(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected a rejection');
}

describe('streamfilter-forward-auth', () => {
  describe('its command line', () => {
    it('takes --config, --port and --host, with port 9000 on 127.0.0.1 by default', () => {
      expect(parseCliArgs(['--config', 'a.mjs'])).to.deep.equal({
        config: 'a.mjs',
        port: 9000,
        host: '127.0.0.1',
        help: false,
      });
      expect(parseCliArgs(['--config', 'a.mjs', '--port', '0', '--host', '::1'])).to.include({
        port: 0,
        host: '::1',
      });
    });

    it('requires --config, and refuses a bad port or an unknown flag', () => {
      const bad = [
        [],
        ['--config', 'a.mjs', '--port', 'http'],
        ['--config', 'a.mjs', '--port', '70000'],
        ['--config', 'a.mjs', '--verbose'],
      ];
      for (const argv of bad) {
        expect(() => parseCliArgs(argv), argv.join(' ')).to.throw(CliError);
      }
      expect(() => parseCliArgs([])).to.throw('--config <module> is required');
      expect(() => parseCliArgs([]))
        .to.throw(CliError)
        .with.property('usage', true);
    });
  });

  describe('its config module', () => {
    it('reads named exports "filters" and "options"', async () => {
      const config = await loadConfig('named.config.mjs', FIXTURES);
      expect(config.filters).to.have.length(1);
      expect(config.options).to.deep.equal({ trustForwardedHeaders: true, proxy: 'nginx' });
    });

    it('reads a default export holding "filters"', async () => {
      const config = await loadConfig('default.config.mjs', FIXTURES);
      expect(config.filters.map((f) => f.name)).to.deep.equal(['fixture']);
    });

    it('says when the module is missing, and where it looked', async () => {
      const error = await rejection(loadConfig('nope.config.mjs', FIXTURES));
      expect(error).to.be.instanceOf(CliError).with.property('usage', false);
      expect(error.message).to.equal(
        `config module nope.config.mjs not found (looked for ${path.join(FIXTURES, 'nope.config.mjs')})`,
      );
    });

    it('says when the module fails to load, with its own message', async () => {
      const error = await rejection(loadConfig('throws.config.mjs', FIXTURES));
      expect(error).to.be.instanceOf(CliError);
      expect(error.message).to.equal(
        'config module throws.config.mjs failed to load: AUTH_URL is not set',
      );
    });

    it('says when the module exports no filters', async () => {
      const error = await rejection(loadConfig('no-filters.config.mjs', FIXTURES));
      expect(error).to.be.instanceOf(CliError);
      expect(error.message).to.match(
        /^config module no-filters\.config\.mjs must export "filters", an array of filters/,
      );
    });

    it('refuses options forwardAuth does not accept, before listening', async () => {
      const config = await loadConfig('bad-options.config.mjs', FIXTURES);
      const error = await rejection(startForwardAuth(config, '127.0.0.1', 0));
      expect(error).to.be.instanceOf(StreamFilterError);
      expect(error.message).to.match(/^forwardAuth: "proxy" must be one of nginx, traefik, envoy/);
    });
  });

  describe('the server it starts', () => {
    let running: RunningForwardAuth | undefined;

    afterEach(async () => {
      await running?.close();
      running = undefined;
    });

    it('serves the chain with the options of the config module', async () => {
      running = await startForwardAuth(
        await loadConfig('named.config.mjs', FIXTURES),
        '127.0.0.1',
        0,
      );
      expect(running.url).to.match(/^http:\/\/127\.0\.0\.1:\d+$/);
      const res = await request(running.url)
        .get('/auth')
        .set('x-original-method', 'PUT')
        .set('x-original-uri', '/a?b=1')
        .expect(200);
      expect(res.headers['x-user']).to.equal('fixture PUT /a?b=1');
    });

    it('says so when the port is taken', async () => {
      running = await startForwardAuth(
        await loadConfig('default.config.mjs', FIXTURES),
        '127.0.0.1',
        0,
      );
      const port = Number(new URL(running.url).port);
      const error = await rejection(
        startForwardAuth(await loadConfig('default.config.mjs', FIXTURES), '127.0.0.1', port),
      );
      expect(error.message).to.match(
        new RegExp(`^cannot listen on 127\\.0\\.0\\.1:${port}: .*EADDRINUSE`),
      );
    });
  });
});
