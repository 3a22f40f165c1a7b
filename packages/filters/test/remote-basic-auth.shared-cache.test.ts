import { randomBytes } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { expect } from 'chai';
import { createClient } from 'redis';
import { RedisServer } from '../../../test/support/redis-server';
import { AppProcess } from './support/app-process';
import { AuthService, basic } from './support/auth-service';

const SECRET = randomBytes(32).toString('base64');
let counter = 0;

/** A user of its own for each test: calls are counted per username. */
function newUser(service: AuthService): { name: string; password: string; auth: string } {
  const name = `user${++counter}`;
  const password = `pass:${counter}`;
  service.users[name] = password;
  return { name, password, auth: basic(name, password) };
}

function callsFor(service: AuthService, name: string): number {
  return service.checks.filter((check) => check.body.username === name).length;
}

/** Polls `test` every 50 ms, at most `tries` times; the loop is bounded, the test has no clock. */
async function eventually(test: () => Promise<boolean>, tries = 100): Promise<void> {
  for (let i = 0; i < tries; i++) {
    if (await test()) return;
    await sleep(50);
  }
  throw new Error('the condition never held');
}

describe('remoteBasicAuth() decision cache shared through Redis, across processes', function () {
  this.timeout(30_000);
  let redis: RedisServer;
  let service: AuthService;
  let inspect: ReturnType<typeof createClient>;
  const apps: AppProcess[] = [];

  async function app(env: Record<string, string> = {}): Promise<AppProcess> {
    const started = await AppProcess.start('shared-cache-app.ts', {
      AUTH_URL: service.url,
      REDIS_URL: redis.url,
      CACHE_SECRET: SECRET,
      // Room for a loaded test machine: these tests are about sharing, or Redis gone or frozen.
      REDIS_TIMEOUT_MS: '2000',
      ...env,
    });
    apps.push(started);
    return started;
  }

  before(async () => {
    redis = await RedisServer.start();
    service = await AuthService.start();
    service.responseHeaders = { 'x-roles': 'admin' };
    inspect = createClient({ url: redis.url, disableOfflineQueue: true });
    inspect.on('error', () => {});
    await inspect.connect();
  });

  after(async () => {
    await Promise.all(apps.map((a) => a.kill()));
    inspect.destroy();
    await redis.kill();
    await service.close();
  });

  it("lets a second instance reuse the first one's allow, identity and copied headers", async () => {
    const [a, b] = await Promise.all([app(), app()]);
    const user = newUser(service);
    const first = await a.get('/', user.auth);
    const second = await b.get('/', user.auth);
    expect(first).to.deep.equal({ status: 200, body: { user: user.name, roles: 'admin' } });
    expect(second).to.deep.equal(first);
    expect(callsFor(service, user.name)).to.equal(1);
    expect(await b.stats()).to.deep.include({
      allowed: 1,
      cacheHits: 1,
      sharedHits: 1,
      cacheMisses: 0,
    });
  });

  it('shares a deny too', async () => {
    const [a, b] = await Promise.all([app(), app()]);
    const user = newUser(service);
    const wrong = basic(user.name, 'wrong');
    expect((await a.get('/', wrong)).status).to.equal(401);
    expect((await b.get('/', wrong)).status).to.equal(401);
    expect(callsFor(service, user.name)).to.equal(1);
    expect(await b.stats()).to.deep.include({ denied: 1, sharedHits: 1 });
  });

  it('stores HMAC-named entries holding neither username nor password', async () => {
    const a = await app();
    const user = newUser(service);
    await a.get('/', user.auth);
    const keys = await inspect.keys('streamfilter:auth:*');
    expect(keys.length).to.be.greaterThan(0);
    for (const key of keys) {
      expect(key).to.match(/^streamfilter:auth:[A-Za-z0-9_-]{43}$/);
      const value = (await inspect.get(key)) ?? '';
      for (const secret of [user.name, user.password, user.auth.slice(6)]) {
        expect(key).not.to.include(secret);
        expect(value).not.to.include(secret);
      }
    }
  });

  it('lets shared entries expire with the allow TTL, then asks the service again', async () => {
    const ttl = { ALLOW_TTL_MS: '1000' };
    const [a, b] = await Promise.all([app(ttl), app(ttl)]);
    const user = newUser(service);
    const before = new Set(await inspect.keys('*'));
    expect((await a.get('/', user.auth)).status).to.equal(200);
    const [key] = (await inspect.keys('*')).filter((k) => !before.has(k));
    const left = await inspect.pTTL(key!);
    expect(left).to.be.within(1, 1000);
    await eventually(async () => (await inspect.exists(key!)) === 0);
    expect((await b.get('/', user.auth)).status).to.equal(200);
    expect(callsFor(service, user.name)).to.equal(2);
    expect(await b.stats()).to.deep.include({ sharedHits: 0, cacheMisses: 1 });
  });

  it('never matches the entries of an instance with another secret', async () => {
    const a = await app();
    const other = await app({ CACHE_SECRET: randomBytes(32).toString('base64') });
    const user = newUser(service);
    await a.get('/', user.auth);
    expect((await other.get('/', user.auth)).body).to.deep.include({ user: user.name });
    expect(callsFor(service, user.name)).to.equal(2);
    expect(await other.stats()).to.deep.include({ sharedHits: 0, cacheMisses: 1 });
  });

  describe('when Redis fails (these run in order)', () => {
    let a: AppProcess;
    let b: AppProcess;

    before(async () => {
      [a, b] = await Promise.all([app(), app()]);
    });

    it('answers correctly, never 5xx, while Redis is killed mid-run, and logs the outage once', async () => {
      // A new user for each request: each check misses locally and goes to Redis.
      const users = Array.from({ length: 40 }, () => newUser(service));
      for (let i = 0; i < users.length; i++) {
        if (i === 10) await redis.kill();
        const user = users[i]!;
        const right = i % 2 === 0;
        const instance = i % 3 === 0 ? b : a;
        const { status } = await instance.get('/', right ? user.auth : basic(user.name, 'no'));
        expect(status, `request ${i}`).to.equal(right ? 200 : 401);
      }
      const outages = a.stderr.match(/shared decision cache unavailable/g) ?? [];
      expect(outages).to.have.length(1);
      expect(a.stderr).to.match(/shared decision cache unavailable \(\S+\): deciding without it/);
      for (const user of users) expect(a.stderr).not.to.include(user.password);
      expect((await a.stats()).sharedUnavailable).to.be.greaterThan(0);
    });

    it('shares decisions again once Redis is back', async () => {
      await redis.restart();
      await eventually(async () => {
        const user = newUser(service);
        await a.get('/', user.auth);
        await b.get('/', user.auth);
        return callsFor(service, user.name) === 1;
      });
    });

    it('answers without Redis while it is frozen: each command is bounded by redisTimeoutMs', async () => {
      redis.pause();
      try {
        const user = newUser(service);
        expect((await a.get('/', user.auth)).status).to.equal(200);
        expect((await b.get('/', user.auth)).status).to.equal(200);
        expect((await a.get('/', basic(user.name, 'no'))).status).to.equal(401);
        expect(callsFor(service, user.name)).to.equal(3);
      } finally {
        redis.resume();
      }
    });
  });
});
