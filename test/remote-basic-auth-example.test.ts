import net from 'node:net';
import { expect } from 'chai';
import request from 'supertest';
import { assertBuilt, connectionRefused, ExampleProcess, portOf } from './support/example-process';
import { printedBlock } from './support/markdown';
import { replayMarked } from './support/replay';

const FOO_BAR = 'basic Zm9vOmJhcg=='; // foo:bar, as in the seed
const FOO_BAZ = 'basic Zm9vOmJheg=='; // foo:baz, a wrong password

describe('examples/remote-basic-auth, started as child processes on real ports', function () {
  // Starting a child through the TypeScript loader takes a few seconds on a slow machine.
  this.timeout(60_000);

  before(assertBuilt);

  describe('npm start: the auth service and the app in one process', () => {
    let example: ExampleProcess;
    let appUrl: string;
    let authUrl: string;

    before(async () => {
      example = ExampleProcess.start('remote-basic-auth', { PORT: '0', AUTH_PORT: '0' });
      authUrl = await example.url('auth service listening on');
      appUrl = await example.url('app listening on');
      await example.waitFor(/^Press Ctrl-C to stop\.$/m);
    });

    after(() => example.kill());

    it('prints the URLs it really listens on, and the seed curl commands', () => {
      expect(authUrl).to.match(/^http:\/\/127\.0\.0\.1:\d+\/check$/);
      expect(appUrl).to.match(/^http:\/\/127\.0\.0\.1:\d+$/);
      expect(portOf(appUrl)).to.not.equal(0);
      expect(example.stdout).to.include(`curl -s -I ${appUrl}/status/200\n`);
      expect(example.stdout).to.include(
        `curl -s -I ${appUrl}/status/200 -H 'Authorization: ${FOO_BAR}'`,
      );
    });

    it('prints what the README curl session shows, byte for byte (Date aside)', async () => {
      const ports = { 8080: portOf(appUrl), 10000: portOf(authUrl) };
      for (const step of await replayMarked('remote-basic-auth', undefined, ports)) {
        expect(step.actual, `${step.where}: $ ${step.command}`).to.equal(step.expected);
      }
    });

    it('tells the app who the user is in x-authenticated-user', async () => {
      const res = await request(appUrl)
        .get('/headers')
        .set('Authorization', FOO_BAR)
        .set('x-authenticated-user', 'mallory')
        .expect(200);
      expect(res.body.headers['x-authenticated-user']).to.equal('foo');
    });

    it('echoes method, path, headers and body on /anything', async () => {
      const res = await request(appUrl)
        .put('/anything/a?b=1')
        .set('Authorization', FOO_BAR)
        .set('content-type', 'text/plain')
        .send('hello')
        .expect(200);
      expect(res.body).to.include({ method: 'PUT', path: '/anything/a?b=1', body: 'hello' });
      expect(res.body.headers['content-type']).to.equal('text/plain');
    });

    it('closes both servers and exits 0 on Ctrl-C (SIGINT)', async () => {
      const exit = await example.stop('SIGINT');
      expect(exit, example.output()).to.deep.equal({ code: 0, signal: null });
      expect(example.stdout).to.match(/stopped\n$/);
      expect(await connectionRefused(portOf(appUrl)), 'the app port is closed').to.equal(true);
      expect(await connectionRefused(portOf(authUrl)), 'the auth port is closed').to.equal(true);
    });
  });

  describe('GET /metrics, scraped without credentials', () => {
    let example: ExampleProcess;
    let appUrl: string;

    before(async () => {
      example = ExampleProcess.start('remote-basic-auth', { PORT: '0', AUTH_PORT: '0' });
      appUrl = await example.url('app listening on');
    });

    after(() => example.kill());

    it('prints what the README scrape shows, byte for byte (Date aside)', async () => {
      for (const step of await replayMarked('remote-basic-auth', 'scrape', {
        8080: portOf(appUrl),
      })) {
        expect(step.actual, `${step.where}: $ ${step.command}`).to.equal(step.expected);
      }
    });

    it('serves every metric of the chain in the Prometheus text format', async () => {
      await request(appUrl).get('/status/200').set('Authorization', FOO_BAR).expect(200);
      const res = await request(appUrl).get('/metrics').expect(200);
      expect(res.headers['content-type']).to.equal('text/plain; version=0.0.4; charset=utf-8');
      expect(res.text).to.match(
        /^streamfilter_filter_duration_seconds_count\{filter="remoteBasicAuth",phase="decodeHeaders"\} [1-9]/m,
      );
      for (const name of ['local_replies', 'filter_errors', 'auth_decisions', 'auth_cache']) {
        expect(res.text).to.include(`# TYPE streamfilter_${name}_total counter\n`);
      }
    });

    it('serves only the metrics named in ?name=, none for an unknown name', async () => {
      const one = await request(appUrl)
        .get('/metrics?name=streamfilter_filter_errors_total&name=nope')
        .expect(200);
      expect(one.text).to.equal(
        '# HELP streamfilter_filter_errors_total Filter hooks that threw, rejected or misbehaved.\n' +
          '# TYPE streamfilter_filter_errors_total counter\n',
      );
      await request(appUrl).get('/metrics?name=nope').expect(200, '');
    });
  });

  describe('TRACE=1: the spans of each request, printed on stdout', () => {
    let example: ExampleProcess;
    let appUrl: string;

    /** Times differ from run to run: a duration, or the time a filter parked. */
    const withoutTimes = (text: string) =>
      text.replace(/\d+(\.\d+)? ms\b/g, '<t> ms').replace(/(parked_ms:) [\d.]+/g, '$1 <t>');

    before(async () => {
      example = ExampleProcess.start('remote-basic-auth', {
        PORT: '0',
        AUTH_PORT: '0',
        TRACE: '1',
      });
      appUrl = await example.url('app listening on');
      await example.waitFor(/^Press Ctrl-C to stop\.$/m);
    });

    after(() => example.kill());

    it('prints what the README shows: the filter span under the server span (times aside)', async () => {
      for (const step of await replayMarked('remote-basic-auth', 'trace', {
        8080: portOf(appUrl),
      })) {
        expect(step.actual, `${step.where}: $ ${step.command}`).to.equal(step.expected);
      }
      const shown = printedBlock('remote-basic-auth; trace');
      // Each trace is printed in one write, when its root (server) span ends: once stdout ends
      // a line after as many roots as the README shows, the traces are all there.
      const roots = shown.text.split('\n').filter((line) => /^[A-Z]+ \(server/.test(line));
      expect(roots, 'the README shows traces').to.not.deep.equal([]);
      const printed = await example.waitFor(
        new RegExp(
          `Press Ctrl-C to stop\\.\\n((?:[^]*?\\n[A-Z]+ \\(server){${roots.length}}[^]*\\n)$`,
        ),
      );
      expect(withoutTimes(printed[1]!.trimEnd()), `${shown.file}:${shown.line}`).to.equal(
        withoutTimes(shown.text),
      );
    });

    it('never prints a password nor an Authorization value', () => {
      const traces = example.stdout.split('Press Ctrl-C to stop.\n')[1];
      expect(traces).to.include('streamfilter remoteBasicAuth decodeHeaders');
      expect(traces).to.not.match(/\bba[rz]\b|Zm9v|authorization/i);
    });
  });

  describe('the seed curl session, with the auth service in a process of its own', () => {
    let auth: ExampleProcess;
    let app: ExampleProcess;
    let appUrl: string;
    let checkUrl: string;

    before(async () => {
      auth = ExampleProcess.start(
        'remote-basic-auth',
        { AUTH_PORT: '0' },
        { script: 'auth-service' },
      );
      checkUrl = await auth.url('auth service listening on');
      app = ExampleProcess.start('remote-basic-auth', { PORT: '0', AUTH_URL: checkUrl });
      appUrl = await app.url('app listening on');
    });

    after(async () => {
      await Promise.all([auth.kill(), app.kill()]);
    });

    it('runs only the app when AUTH_URL is set', () => {
      expect(app.stdout).to.not.include('auth service listening on');
      expect(app.stdout).to.include(`remoteBasicAuth asks ${checkUrl}`);
    });

    it('answers 401 with a WWW-Authenticate challenge when there is no Authorization header', async () => {
      const res = await request(appUrl).get('/status/200').expect(401, 'no Authorization');
      expect(res.headers['www-authenticate']).to.equal('Basic realm="Restricted", charset="UTF-8"');
    });

    it('answers 200 to Authorization: basic Zm9vOmJhcg== (foo:bar)', async () => {
      await request(appUrl).get('/status/200').set('Authorization', FOO_BAR).expect(200);
      // The child's log line may arrive after the response: wait for it (bounded by the test timeout).
      await auth.waitFor(/check "foo": 200 allowed/);
    });

    it('answers 401 "invalid username or password" to a wrong password', async () => {
      const res = await request(appUrl)
        .get('/status/200')
        .set('Authorization', FOO_BAZ)
        .expect(401, 'invalid username or password');
      expect(res.headers['www-authenticate']).to.match(/^Basic realm=/);
      // The child's log line may arrive after the response: wait for it (bounded by the test timeout).
      await auth.waitFor(/check "foo": 401 denied/);
    });

    it('never writes a password to the output', () => {
      const output = auth.stdout + auth.stderr + app.stdout + app.stderr;
      // The startup banner names the demo pair on purpose; nothing else may.
      expect(output.replace('(valid pair: foo:bar)', '')).to.not.match(/\bba[rz]\b/);
    });

    it('answers 503 once the auth service is stopped, not 401', async () => {
      expect(await auth.stop('SIGTERM')).to.deep.equal({ code: 0, signal: null });
      const res = await request(appUrl)
        .get('/status/200')
        .set('Authorization', FOO_BAR)
        .expect(503, 'auth service unavailable');
      expect(res.headers).to.not.have.property('www-authenticate');
    });

    it('prints what the README shows for a stopped auth service (Date aside)', async () => {
      const ports = { 8080: portOf(appUrl) };
      for (const step of await replayMarked('remote-basic-auth', 'auth service stopped', ports)) {
        expect(step.actual, `${step.where}: $ ${step.command}`).to.equal(step.expected);
      }
    });
  });

  describe('startup errors', () => {
    let busy: net.Server;
    let example: ExampleProcess | undefined;

    before(async () => {
      busy = net.createServer();
      await new Promise<void>((resolve) => busy.listen(0, '127.0.0.1', resolve));
    });

    after(async () => {
      await example?.kill();
      await new Promise((resolve) => busy.close(resolve));
    });

    it('exits 1 with a one-line message, no stack trace, when the port is taken', async () => {
      const port = (busy.address() as net.AddressInfo).port;
      example = ExampleProcess.start('remote-basic-auth', { PORT: String(port), AUTH_PORT: '0' });
      const exit = await example.exited;
      expect(exit, example.output()).to.deep.equal({ code: 1, signal: null });
      expect(example.stderr).to.equal(
        `error: app: port ${port} on 127.0.0.1 is already in use; set PORT to another port (PORT=0 picks a free one)\n`,
      );
    });
  });
});
