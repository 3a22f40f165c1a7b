import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { expect } from 'chai';
import { assertBuilt, connectionRefused, ExampleProcess, portOf } from './support/example-process';
import { ROOT } from './support/markdown';
import { assertNginxModule, freePort, Nginx } from './support/nginx';
import { replayMarked } from './support/replay';

const EXAMPLE = path.join(ROOT, 'examples', 'nginx-forward-auth');

/** The example's nginx.conf with its ports (8080, 9000, 3000) moved to the real ones. */
function exampleConfig(ports: Record<number, number>): string {
  let config = readFileSync(path.join(EXAMPLE, 'nginx.conf'), 'utf8');
  for (const [shown, real] of Object.entries(ports)) {
    config = config.replaceAll(`127.0.0.1:${shown};`, `127.0.0.1:${real};`);
  }
  return config;
}

/**
 * `npm run forward-auth` of the example, as npm runs it: its `streamfilter-forward-auth`
 * resolved to the bin @streamfilter/node declares, with this Node, in the example's folder.
 */
class ForwardAuthProcess {
  readonly child: ChildProcess;
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  stdout = '';
  stderr = '';

  constructor(args: string[], env: Record<string, string>) {
    const scripts = JSON.parse(readFileSync(path.join(EXAMPLE, 'package.json'), 'utf8')).scripts;
    const [command, ...scriptArgs] = String(scripts['forward-auth']).split(' ');
    const node = JSON.parse(readFileSync(path.join(ROOT, 'packages/node/package.json'), 'utf8'));
    const bin = path.join(ROOT, 'packages/node', node.bin[command!]);
    if (!existsSync(path.join(ROOT, 'packages/node/dist/index.js'))) {
      throw new Error('packages/node/dist is missing: run "npm run build" first');
    }
    const withPort = [...scriptArgs];
    const at = withPort.indexOf('--port');
    if (at >= 0) withPort.splice(at, 2);
    this.child = spawn(process.execPath, [bin, ...withPort, ...args], {
      cwd: EXAMPLE,
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.child.stdout!.setEncoding('utf8').on('data', (text: string) => {
      this.stdout += text;
    });
    this.child.stderr!.setEncoding('utf8').on('data', (text: string) => {
      this.stderr += text;
    });
    this.exited = new Promise((resolve) => {
      this.child.once('close', (code, signal) => resolve({ code, signal }));
    });
  }

  /** Whether `text` reaches its stderr (which may come after the answer it explains) soon. */
  async printed(text: string): Promise<boolean> {
    for (let waited = 0; waited < 5000 && !this.stderr.includes(text); waited += 20) {
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    return this.stderr.includes(text);
  }

  /** The URL it prints once it listens; rejects with its output if it exits first. */
  url(): Promise<string> {
    return new Promise((resolve, reject) => {
      const check = () => {
        const match = /^forward auth listening on (http:\/\/\S+)$/m.exec(this.stdout);
        if (match) {
          this.child.stdout!.off('data', check);
          resolve(match[1]!);
        }
      };
      this.child.stdout!.on('data', check);
      this.exited.then((exit) =>
        reject(
          new Error(`forward auth exited ${JSON.stringify(exit)}:\n${this.stdout}${this.stderr}`),
        ),
      );
      check();
    });
  }

  async kill(): Promise<void> {
    if (this.child.exitCode === null && this.child.signalCode === null) this.child.kill('SIGKILL');
    await this.exited;
  }
}

describe('examples/nginx-forward-auth: nginx, forward auth, the auth service and the app', function () {
  this.timeout(60_000);

  let services: ExampleProcess;
  let forwardAuth: ForwardAuthProcess;
  let nginx: Nginx;
  let appUrl: string;

  before(async () => {
    assertBuilt();
    assertNginxModule('http_auth_request_module');
    services = ExampleProcess.start('nginx-forward-auth', { AUTH_PORT: '0', APP_PORT: '0' });
    const authUrl = (await services.waitFor(/^auth service listening on (\S+)/m))[1]!;
    appUrl = await services.url('app listening on');
    forwardAuth = new ForwardAuthProcess(['--port', '0'], { AUTH_URL: authUrl });
    const forwardAuthUrl = await forwardAuth.url();
    const port = await freePort();
    const ports = { 8080: port, 9000: portOf(forwardAuthUrl), 3000: portOf(appUrl) };
    nginx = await Nginx.start(exampleConfig(ports), port);
  });

  after(async () => {
    await nginx?.stop();
    await forwardAuth?.kill();
    await services?.kill();
  });

  it('prints what the README curl session shows, byte for byte (Date aside)', async () => {
    for (const step of await replayMarked('nginx-forward-auth', undefined, { 8080: nginx.port })) {
      expect(step.actual, `${step.where}: $ ${step.command}\n${nginx.output}`).to.equal(
        step.expected,
      );
    }
  });

  it('logs each check of the auth service, never a password', () => {
    const checks = services.stdout
      .split('\n')
      .filter((line) => line.startsWith('auth service: check'));
    expect(checks).to.include('auth service: check "foo": 200');
    expect(checks.join('\n')).to.not.match(/bar|baz/);
  });

  it('answers 503 with Retry-After once the auth service is stopped, as the README shows', async () => {
    const exit = await services.stop('SIGINT');
    expect(exit, services.output()).to.deep.equal({ code: 0, signal: null });
    expect(await connectionRefused(portOf(appUrl))).to.equal(true);
    for (const step of await replayMarked('nginx-forward-auth', 'auth service stopped', {
      8080: nginx.port,
    })) {
      expect(step.actual, `${step.where}: $ ${step.command}`).to.equal(step.expected);
    }
    const warning = 'auth service check failed (network error ECONNREFUSED): answering 503';
    expect(await forwardAuth.printed(warning), forwardAuth.stderr).to.equal(true);
  });

  it('stops forward auth on Ctrl-C (SIGINT), exit code 0', async () => {
    forwardAuth.child.kill('SIGINT');
    expect(await forwardAuth.exited).to.deep.equal({ code: 0, signal: null });
    expect(forwardAuth.stdout).to.match(/stopped\n$/);
  });
});
