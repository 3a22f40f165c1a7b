import http from 'node:http';
import { expect } from 'chai';
import { assertBuilt, connectionRefused, ExampleProcess, portOf } from './support/example-process';
import { RedisServer } from './support/redis-server';

const FOO_BAR = 'Basic Zm9vOmJhcg=='; // foo:bar, as in the seed
const FOO_BAZ = 'Basic Zm9vOmJheg=='; // foo:baz, a wrong password

/** One GET on a connection of its own (so that node:cluster may hand it to another instance). */
function get(url: string, authorization: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = http.get(url, { agent: false, headers: { authorization } }, (res) => {
      let body = '';
      res.setEncoding('utf8').on('data', (chunk: string) => {
        body += chunk;
      });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
  });
}

const checks = (example: ExampleProcess, answer: string) =>
  example.stdout.split('\n').filter((line) => line === `auth service: check "foo": ${answer}`)
    .length;

describe('examples/shared-cache: a cluster of instances sharing decisions through Redis', function () {
  this.timeout(60_000);
  let redis: RedisServer;
  let example: ExampleProcess;
  let appUrl: string;

  before(async () => {
    assertBuilt();
    redis = await RedisServer.start();
    example = ExampleProcess.start('shared-cache', {
      PORT: '0',
      AUTH_PORT: '0',
      WORKERS: '2',
      REDIS_URL: redis.url,
      // Room for a loaded test machine: this test is about sharing, not about a slow Redis.
      REDIS_TIMEOUT_MS: '2000',
    });
    appUrl = await example.url('app listening on');
    await example.waitFor(/^Press Ctrl-C to stop\.$/m);
  });

  after(async () => {
    await example.kill();
    await redis.kill();
  });

  it('answers from both instances, and the auth service sees one check per decision', async () => {
    const instances = new Set<number>();
    for (let i = 0; i < 6; i++) {
      const { status, body } = await get(`${appUrl}/headers`, FOO_BAR);
      expect(status).to.equal(200);
      const { instance, headers } = JSON.parse(body);
      expect(headers['x-authenticated-user']).to.equal('foo');
      instances.add(instance);
    }
    for (let i = 0; i < 4; i++)
      expect((await get(`${appUrl}/headers`, FOO_BAZ)).status).to.equal(401);
    expect([...instances].sort()).to.deep.equal([1, 2]);
    expect(checks(example, '200 allowed')).to.equal(1);
    expect(checks(example, '401 denied')).to.equal(1);
  });

  it('keeps answering without Redis, logging the outage, never a password', async () => {
    await redis.kill();
    const { status } = await get(`${appUrl}/headers`, 'Basic Zm9vOmJhcmJhcg=='); // foo:barbar
    expect(status).to.equal(401);
    expect((await get(`${appUrl}/headers`, FOO_BAR)).status).to.equal(200);
    expect(example.stderr).to.match(/shared decision cache unavailable/);
    expect(example.output()).not.to.match(/barbar|Zm9vOmJh/);
  });

  it('stops every instance on Ctrl-C (SIGINT)', async () => {
    const exit = await example.stop('SIGINT');
    expect(exit, example.output()).to.deep.equal({ code: 0, signal: null });
    expect(await connectionRefused(portOf(appUrl))).to.equal(true);
  });
});
