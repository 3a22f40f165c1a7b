import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { promisify } from 'node:util';
import { AUTH_METADATA, StreamFilterError } from '@streamfilter/core';
import { runFilter } from '@streamfilter/core/testing';
import { remoteAuth, remoteBasicAuth } from '@streamfilter/filters';
import { expect } from 'chai';
import { createClient } from 'redis';
import { RedisServer } from '../../../test/support/redis-server';
import { AuthService, basic, closedPort } from './support/auth-service';

const SECRET = randomBytes(32).toString('base64');
// Where a test is about sharing, not about a slow Redis: room for a loaded test machine.
const PATIENT = { secret: SECRET, redisTimeoutMs: 2000 };
const FOO = { headers: { authorization: basic('foo', 'bar') } };

/** Polls `test` every 20 ms, at most 100 times: a bounded loop, no clock in the assertion. */
async function eventually(test: () => Promise<boolean>): Promise<void> {
  for (let i = 0; i < 100; i++) {
    if (await test()) return;
    await sleep(20);
  }
  throw new Error('the condition never held');
}

function configError(build: () => unknown): StreamFilterError {
  try {
    build();
  } catch (error) {
    expect(error).to.be.instanceOf(StreamFilterError);
    expect((error as StreamFilterError).code).to.equal('ERR_FILTER_CONFIG');
    return error as StreamFilterError;
  }
  throw new Error('no error thrown');
}

describe('the shared decision cache (cache.redisUrl / cache.redis)', () => {
  describe('options', () => {
    const url = 'http://127.0.0.1:1/check';

    it('requires a secret with redisUrl, and never echoes it', () => {
      const missing = configError(() =>
        remoteBasicAuth({ url, cache: { redisUrl: 'redis://127.0.0.1:1' } }),
      );
      expect(missing.message).to.match(/"secret" is required with Redis/);
      const short = configError(() =>
        remoteBasicAuth({ url, cache: { redisUrl: 'redis://127.0.0.1:1', secret: 'hunter2' } }),
      );
      expect(short.message).to.include('a string of 7 characters');
      expect(short.message).not.to.include('hunter2');
    });

    it('requires a secret with a client of your own too', () => {
      const redis = { sendCommand: async () => null };
      configError(() => remoteAuth({ url, allowedHeaders: [], cache: { redis } }));
    });

    it('refuses a secret, keyPrefix or redisTimeoutMs without Redis', () => {
      for (const cache of [{ secret: SECRET }, { keyPrefix: 'x:' }, { redisTimeoutMs: 10 }]) {
        configError(() => remoteBasicAuth({ url, cache }));
      }
    });

    it('refuses a URL that is not redis:// without echoing it, and redisUrl with redis', () => {
      const error = configError(() =>
        remoteBasicAuth({ url, cache: { redisUrl: 'http://user:pw@host', secret: SECRET } }),
      );
      expect(error.message).not.to.include('pw');
      const redis = { sendCommand: async () => null };
      configError(() =>
        remoteBasicAuth({ url, cache: { redisUrl: 'redis://h', redis, secret: SECRET } }),
      );
      configError(() => remoteBasicAuth({ url, cache: { redis: {} as never, secret: SECRET } }));
    });
  });

  describe('against a real redis-server', () => {
    let redis: RedisServer;
    let service: AuthService;
    let client: ReturnType<typeof createClient>;
    // Closed after each test, passed or failed: an open Redis connection would hold mocha.
    const opened: Array<{ close(): Promise<void> }> = [];
    function track<F extends { close(): Promise<void> }>(filter: F): F {
      opened.push(filter);
      return filter;
    }

    before(async () => {
      redis = await RedisServer.start();
      client = createClient({ url: redis.url });
      client.on('error', () => {});
      await client.connect();
    });

    after(async () => {
      client.destroy();
      await redis.kill();
    });

    beforeEach(async () => {
      await client.flushAll();
      service = await AuthService.start();
    });

    afterEach(async () => {
      await Promise.all(opened.splice(0).map((filter) => filter.close()));
      await service.close();
    });

    it('shares decisions between filters through your own node-redis client', async () => {
      const cache = { redis: client, ...PATIENT };
      const first = remoteBasicAuth({ url: service.url, cache });
      const second = remoteBasicAuth({ url: service.url, cache });
      await runFilter(first, FOO);
      const result = await runFilter(second, FOO);
      expect(result.localReply).to.equal(undefined);
      expect(result.streamInfo.metadata.get(AUTH_METADATA)).to.deep.include({ cache: 'shared' });
      expect(service.calls).to.equal(1);
      await Promise.all([first.close(), second.close()]);
      expect(client.isReady, 'your own client stays open').to.equal(true);
    });

    it("replays remoteAuth's shared denial with the service's status, body and headers", async () => {
      service.answer = () => ({
        status: 403,
        headers: { 'www-authenticate': 'Bearer' },
        body: 'no',
      });
      const options = {
        url: service.url,
        allowedHeaders: ['authorization'],
        cache: { redisUrl: redis.url, ...PATIENT },
      };
      const [first, second] = [track(remoteAuth(options)), track(remoteAuth(options))];
      const token = { headers: { authorization: 'Bearer t' } };
      await runFilter(first, token);
      const { localReply } = await runFilter(second, token);
      expect(service.calls).to.equal(1);
      expect(localReply).to.deep.include({ code: 403, body: 'no' });
      expect(localReply?.headers.get('www-authenticate')).to.equal('Bearer');
      expect(second.stats).to.deep.include({ denied: 1, sharedHits: 1 });
    });

    it('lets identical concurrent checks share one Redis read and one auth call', async () => {
      service.mode = 'hold';
      await client.configResetStat();
      const auth = remoteBasicAuth({ url: service.url, cache: { redis: client, ...PATIENT } });
      const results = Array.from({ length: 10 }, () => runFilter(auth, FOO));
      await service.until((s) => s.inFlight === 1);
      service.release();
      const settled = await Promise.all(results);
      expect(settled.every((r) => r.localReply === undefined)).to.equal(true);
      expect(service.calls).to.equal(1);
      expect(await client.info('commandstats')).to.match(/cmdstat_get:calls=1,/);
      expect(auth.stats).to.deep.include({ cacheMisses: 1, cacheHits: 9, sharedHits: 0 });
    });

    it('closes the connection it opened with close(), and opens it again when next used', async () => {
      const cache = { redisUrl: redis.url, ...PATIENT };
      const first = track(remoteBasicAuth({ url: service.url, cache }));
      const clients = async () => (await client.clientList()).length;
      const before = await clients();
      await runFilter(first, FOO);
      expect(await clients()).to.equal(before + 1);
      await first.close();
      await eventually(async () => (await clients()) === before);
      const other = { headers: { authorization: basic('foo', 'other') } };
      expect((await runFilter(first, other)).localReply?.code).to.equal(401);
      expect(await clients()).to.equal(before + 1);
      expect(first.stats.sharedUnavailable).to.equal(0);
    });

    it('keeps the decisions of different check URLs apart', async () => {
      const other = await AuthService.start();
      try {
        const cache = { redis: client, ...PATIENT };
        await runFilter(remoteBasicAuth({ url: service.url, cache }), FOO);
        await runFilter(remoteBasicAuth({ url: other.url, cache }), FOO);
        expect([service.calls, other.calls]).to.deep.equal([1, 1]);
      } finally {
        await other.close();
      }
    });

    it('ignores an entry changed in Redis by anyone without the secret', async () => {
      const cache = { redis: client, ...PATIENT };
      await runFilter(remoteBasicAuth({ url: service.url, cache }), {
        headers: { authorization: basic('foo', 'wrong') },
      });
      const [key] = await client.keys('*');
      const value = (await client.get(key!)) ?? '';
      await client.set(key!, value.replace('"deny"', '"allow","h":[]'));
      const second = remoteBasicAuth({ url: service.url, cache });
      const { localReply } = await runFilter(second, {
        headers: { authorization: basic('foo', 'wrong') },
      });
      expect(localReply?.code).to.equal(401);
      expect(service.calls).to.equal(2);
    });

    it('caches no failure in Redis', async () => {
      Object.assign(service, { mode: 'status', status: 500 });
      const auth = remoteBasicAuth({ url: service.url, cache: { redis: client, ...PATIENT } });
      expect((await runFilter(auth, FOO)).localReply?.code).to.equal(503);
      expect(await client.dbSize()).to.equal(0);
    });

    it('falls back to the auth service when Redis refuses connections, and logs once', async () => {
      const down = `redis://127.0.0.1:${await closedPort()}`;
      const cache = { redisUrl: down, secret: SECRET };
      const auth = track(remoteBasicAuth({ url: service.url, cache }));
      const logs: string[] = [];
      const logger = (level: string, message: string) => logs.push(`${level} ${message}`);
      for (const password of ['bar', 'wrong', 'other']) {
        const result = await runFilter(
          auth,
          { headers: { authorization: basic('foo', password) } },
          { logger },
        );
        expect(result.localReply?.code).to.equal(password === 'bar' ? undefined : 401);
      }
      expect(logs.filter((line) => line.startsWith('warn'))).to.have.length(1);
      expect(auth.stats).to.deep.include({ errors: 0, sharedUnavailable: 3 });
    });

    it('logs an outage once, however long it lasts (Redis is tried again every second)', async () => {
      const down = `redis://127.0.0.1:${await closedPort()}`;
      const cache = { redisUrl: down, secret: SECRET };
      const auth = track(remoteBasicAuth({ url: service.url, cache }));
      const warnings: string[] = [];
      const logger = (level: string, message: string) => {
        if (level === 'warn') warnings.push(message);
      };
      const as = (password: string) => ({
        headers: { authorization: basic('foo', password) },
      });
      await runFilter(auth, as('one'), { logger });
      await sleep(1100); // past the pause after a failure: the next check tries Redis again
      await runFilter(auth, as('two'), { logger });
      expect(service.calls).to.equal(2);
      expect(warnings).to.deep.equal([
        'shared decision cache unavailable (not connected): deciding without it',
      ]);
    });
  });

  it('loads no Redis module when the cache has no shared tier', async () => {
    const script = `
      const { remoteBasicAuth } = require('@streamfilter/filters');
      const { runFilter } = require('@streamfilter/core/testing');
      const auth = remoteBasicAuth({ url: process.argv[1], cache: true });
      const loaded = () => Object.keys(require.cache).some((f) => /node_modules[\\\\/](redis|@redis)[\\\\/]/.test(f));
      runFilter(auth, { headers: { authorization: 'Basic Zm9vOmJhcg==' } }).then((result) => {
        console.log(JSON.stringify({ allowed: result.localReply === undefined, redis: loaded() }));
      });
    `;
    const service = await AuthService.start();
    try {
      const run = promisify(execFile);
      const args = [
        '--import',
        'tsx',
        '--conditions',
        '@streamfilter/source',
        '-e',
        script,
        service.url,
      ];
      const { stdout } = await run(process.execPath, args, { cwd: path.join(__dirname, '..') });
      expect(JSON.parse(stdout)).to.deep.equal({ allowed: true, redis: false });
    } finally {
      await service.close();
    }
  });
});
