import { expect } from 'chai';
import request from 'supertest';
import { assertBuilt, connectionRefused, ExampleProcess, portOf } from './support/example-process';
import { replayMarked } from './support/replay';

describe('examples/basic-auth, started as a child process on a real port', function () {
  // Starting a child through the TypeScript loader takes a few seconds on a slow machine.
  this.timeout(60_000);

  before(assertBuilt);

  describe('npm start', () => {
    let example: ExampleProcess;
    let appUrl: string;

    before(async () => {
      example = ExampleProcess.start('basic-auth', { PORT: '0' });
      appUrl = await example.url('app listening on');
      await example.waitFor(/^Press Ctrl-C to stop\.$/m);
    });

    after(() => example.kill());

    it('prints the URL it really listens on, and curl commands for it', () => {
      expect(appUrl).to.match(/^http:\/\/127\.0\.0\.1:\d+$/);
      expect(portOf(appUrl)).to.not.equal(0);
      expect(example.stdout).to.include(`curl -s -i ${appUrl}/ -u foo:bar\n`);
    });

    it('prints what the README curl session shows, byte for byte (Date aside)', async () => {
      for (const step of await replayMarked('basic-auth', undefined, { 8080: portOf(appUrl) })) {
        expect(step.actual, `${step.where}: $ ${step.command}`).to.equal(step.expected);
      }
    });

    it('answers 401 with a WWW-Authenticate challenge when there is no Authorization header', async () => {
      const res = await request(appUrl).get('/').expect(401, 'no Authorization');
      expect(res.headers['www-authenticate']).to.equal('Basic realm="Restricted", charset="UTF-8"');
    });

    it('answers 200 "hello, foo" to foo:bar', async () => {
      await request(appUrl).get('/').auth('foo', 'bar').expect(200, 'hello, foo\n');
    });

    it('answers 401 "invalid username or password" to a wrong password', async () => {
      const res = await request(appUrl)
        .get('/')
        .auth('foo', 'baz')
        .expect(401, 'invalid username or password');
      expect(res.headers['www-authenticate']).to.match(/^Basic realm=/);
    });

    it('ignores an x-authenticated-user header sent by the client', async () => {
      await request(appUrl)
        .get('/')
        .auth('foo', 'bar')
        .set('x-authenticated-user', 'mallory')
        .expect(200, 'hello, foo\n');
    });

    it('leaves /health open, without credentials', async () => {
      await request(appUrl).get('/health').expect(200, 'ok\n');
    });

    it('closes its server and exits 0 on Ctrl-C (SIGINT)', async () => {
      const exit = await example.stop('SIGINT');
      expect(exit, example.output()).to.deep.equal({ code: 0, signal: null });
      expect(example.stdout).to.match(/stopped\n$/);
      expect(await connectionRefused(portOf(appUrl)), 'the app port is closed').to.equal(true);
    });
  });

  describe('startup errors', () => {
    it('exits 1 with a one-line message when PORT is not a port number', async () => {
      const example = ExampleProcess.start('basic-auth', { PORT: 'eighty' });
      const exit = await example.exited;
      expect(exit, example.output()).to.deep.equal({ code: 1, signal: null });
      expect(example.stderr).to.equal(
        'error: PORT must be a port number from 0 to 65535, got "eighty"\n',
      );
    });
  });
});
