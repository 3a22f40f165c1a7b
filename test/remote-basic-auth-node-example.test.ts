import { expect } from 'chai';
import request from 'supertest';
import { rawRequest } from '../packages/node/test/support/servers';
import { assertBuilt, connectionRefused, ExampleProcess, portOf } from './support/example-process';
import { replayMarked } from './support/replay';

const FOO_BAR = 'basic Zm9vOmJhcg=='; // foo:bar, as in the seed
const FOO_BAZ = 'basic Zm9vOmJheg=='; // foo:baz, a wrong password

describe('examples/remote-basic-auth-node, started as child processes on real ports', function () {
  // Starting a child through the TypeScript loader takes a few seconds on a slow machine.
  this.timeout(60_000);

  before(assertBuilt);

  describe('npm start: the auth service and the app in one process', () => {
    let example: ExampleProcess;
    let appUrl: string;
    let authUrl: string;

    before(async () => {
      example = ExampleProcess.start('remote-basic-auth-node', { PORT: '0', AUTH_PORT: '0' });
      authUrl = await example.url('auth service listening on');
      appUrl = await example.url('app listening on');
      await example.waitFor(/^Press Ctrl-C to stop\.$/m);
    });

    after(() => example.kill());

    it('prints what the README curl session shows, byte for byte (Date aside)', async () => {
      const ports = { 8080: portOf(appUrl), 10000: portOf(authUrl) };
      for (const step of await replayMarked('remote-basic-auth-node', undefined, ports)) {
        expect(step.actual, `${step.where}: $ ${step.command}`).to.equal(step.expected);
      }
    });

    it('answers the seed session: 401 without credentials, 401 for a wrong password, 200 for foo:bar', async () => {
      await request(appUrl).get('/status/200').expect(401, 'no Authorization');
      await request(appUrl)
        .get('/status/200')
        .set('Authorization', FOO_BAZ)
        .expect(401, 'invalid username or password');
      await request(appUrl).get('/status/200').set('Authorization', FOO_BAR).expect(200);
      // The child's log line may arrive after the response: wait for it (bounded by the test timeout).
      await example.waitFor(/check "foo": 200 allowed/);
      // The child's log line may arrive after the response: wait for it (bounded by the test timeout).
      await example.waitFor(/check "foo": 401 denied/);
    });

    it('leaves no client-sent identity in any header view (raw socket)', async () => {
      const response = await rawRequest(
        portOf(appUrl),
        [
          'GET /headers HTTP/1.1',
          'Host: 127.0.0.1',
          'X-Authenticated-User: admin',
          `Authorization: ${FOO_BAR}`,
        ].join('\r\n'),
      );
      expect(response).to.match(/^HTTP\/1\.1 200 /);
      expect(response).to.include('"x-authenticated-user": "foo"');
      expect(response).to.not.include('admin');
    });

    it('never writes a password to the output', () => {
      const output = example.stdout + example.stderr;
      expect(output.replace('(valid pair: foo:bar)', '')).to.not.match(/\bba[rz]\b/);
    });

    it('closes both servers and exits 0 on Ctrl-C (SIGINT)', async () => {
      const exit = await example.stop('SIGINT');
      expect(exit, example.output()).to.deep.equal({ code: 0, signal: null });
      expect(await connectionRefused(portOf(appUrl)), 'the app port is closed').to.equal(true);
      expect(await connectionRefused(portOf(authUrl)), 'the auth port is closed').to.equal(true);
    });
  });

  describe('the auth service in a process of its own', () => {
    let auth: ExampleProcess;
    let app: ExampleProcess;
    let appUrl: string;

    before(async () => {
      auth = ExampleProcess.start(
        'remote-basic-auth-node',
        { AUTH_PORT: '0' },
        { script: 'auth-service' },
      );
      const checkUrl = await auth.url('auth service listening on');
      app = ExampleProcess.start('remote-basic-auth-node', { PORT: '0', AUTH_URL: checkUrl });
      appUrl = await app.url('app listening on');
    });

    after(async () => {
      await Promise.all([auth.kill(), app.kill()]);
    });

    it('answers 503 once the auth service is stopped, as the README shows (Date aside)', async () => {
      await request(appUrl).get('/status/200').set('Authorization', FOO_BAR).expect(200);
      expect(await auth.stop('SIGTERM')).to.deep.equal({ code: 0, signal: null });
      const ports = { 8080: portOf(appUrl) };
      for (const step of await replayMarked(
        'remote-basic-auth-node',
        'auth service stopped',
        ports,
      )) {
        expect(step.actual, `${step.where}: $ ${step.command}`).to.equal(step.expected);
      }
    });
  });
});
