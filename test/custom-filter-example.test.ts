import { expect } from 'chai';
import request from 'supertest';
import { assertBuilt, connectionRefused, ExampleProcess, portOf } from './support/example-process';
import { replayMarked } from './support/replay';

describe('examples/custom-filter, started as a child process on a real port', function () {
  // Starting a child through the TypeScript loader takes a few seconds on a slow machine.
  this.timeout(60_000);

  let example: ExampleProcess;
  let appUrl: string;

  before(async () => {
    assertBuilt();
    example = ExampleProcess.start('custom-filter', { PORT: '0' });
    appUrl = await example.url('app listening on');
    await example.waitFor(/^Press Ctrl-C to stop\.$/m);
  });

  after(() => example.kill());

  it('prints the URL it really listens on, and curl commands for it', () => {
    expect(appUrl).to.match(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(portOf(appUrl)).to.not.equal(0);
    expect(example.stdout).to.include(`curl -s -i ${appUrl}/api/hello -H 'x-api-key: free-key'\n`);
  });

  it('prints what the README curl session shows, byte for byte (Date aside)', async () => {
    for (const step of await replayMarked('custom-filter', undefined, { 8080: portOf(appUrl) })) {
      expect(step.actual, `${step.where}: $ ${step.command}`).to.equal(step.expected);
    }
  });

  it('answers 401 when there is no x-api-key', async () => {
    const res = await request(appUrl).get('/api/hello').expect(401, 'missing x-api-key\n');
    expect(res.headers).to.not.have.property('x-plan');
  });

  it('answers 401 to a key no account has', async () => {
    await request(appUrl)
      .get('/api/hello')
      .set('x-api-key', 'nobody-key')
      .expect(401, 'unknown API key\n');
  });

  it('lets a free key into /api, telling the plan in x-plan and the account to the app', async () => {
    const res = await request(appUrl)
      .get('/api/hello')
      .set('x-api-key', 'free-key')
      .expect(200, { hello: 'alice' });
    expect(res.headers['x-plan']).to.equal('free');
  });

  it('answers 403 to a free key on /pro, where the per-route override allows only pro', async () => {
    await request(appUrl)
      .get('/pro/report')
      .set('x-api-key', 'free-key')
      .expect(403, 'the free plan cannot use this route\n');
  });

  it('lets a pro key into /pro', async () => {
    const res = await request(appUrl)
      .get('/pro/report')
      .set('x-api-key', 'pro-key')
      .expect(200, { report: 'for bob' });
    expect(res.headers['x-plan']).to.equal('pro');
  });

  it('passes a clean body through to the app', async () => {
    await request(appUrl)
      .post('/api/echo')
      .set('x-api-key', 'pro-key')
      .set('content-type', 'text/plain')
      .send('hello')
      .expect(200, { account: 'bob', body: 'hello' });
  });

  it('answers 422 to a body holding a blocked word, whatever its case', async () => {
    const res = await request(appUrl)
      .post('/api/echo')
      .set('x-api-key', 'free-key')
      .set('content-type', 'text/plain')
      .send('No SPAM please')
      .expect(422, 'the body holds a blocked word: spam\n');
    // The response hook runs on the filter's own answer too.
    expect(res.headers['x-plan']).to.equal('free');
  });

  it('serves requests while others wait on the account service', async () => {
    const statuses = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        request(appUrl)
          .get('/api/hello')
          .set('x-api-key', i % 2 === 0 ? 'free-key' : 'pro-key')
          .then((res) => `${res.status} ${res.headers['x-plan']}`),
      ),
    );
    expect(statuses).to.deep.equal(
      Array.from({ length: 20 }, (_, i) => (i % 2 === 0 ? '200 free' : '200 pro')),
    );
  });

  it('closes its server and exits 0 on Ctrl-C (SIGINT)', async () => {
    const exit = await example.stop('SIGINT');
    expect(exit, example.output()).to.deep.equal({ code: 0, signal: null });
    expect(example.stdout).to.match(/stopped\n$/);
    expect(example.stderr).to.equal('');
    expect(await connectionRefused(portOf(appUrl)), 'the app port is closed').to.equal(true);
  });
});
