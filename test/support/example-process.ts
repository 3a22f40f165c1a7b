import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { ROOT } from './markdown';

const live = new Set<ChildProcess>();
// A safety net for a crashed test run: no example outlives the test process.
process.once('exit', () => {
  for (const child of live) child.kill('SIGKILL');
});

/** How a child process ended. */
export interface Exit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

/** Fails with a clear message when the packages were not built (`npm run build`). */
export function assertBuilt(): void {
  for (const name of ['core', 'node', 'express', 'filters']) {
    if (!existsSync(path.join(ROOT, 'packages', name, 'dist', 'index.js'))) {
      throw new Error(`packages/${name}/dist is missing: run "npm run build" first`);
    }
  }
}

/** The port of a printed URL such as `http://127.0.0.1:8080`. */
export function portOf(url: string): number {
  return Number(new URL(url).port);
}

/** Whether nothing listens on `port` of 127.0.0.1 any more. */
export function connectionRefused(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(false);
    });
    socket.once('error', (error: NodeJS.ErrnoException) => resolve(error.code === 'ECONNREFUSED'));
  });
}

/**
 * An example started as a user starts it: the command of one of its package.json scripts, run
 * with this Node in the example's folder, against the built packages.
 */
export class ExampleProcess {
  readonly name: string;
  readonly child: ChildProcess;
  readonly exited: Promise<Exit>;
  stdout = '';
  stderr = '';
  #exit: Exit | undefined;
  #waiters = new Set<() => void>();

  constructor(example: string, script: string, args: string[], env: Record<string, string>) {
    const dir = path.join(ROOT, 'examples', example);
    const scripts = JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8')).scripts;
    const command = String(scripts?.[script] ?? '');
    const [program, ...scriptArgs] = command.split(' ');
    if (program !== 'node')
      throw new Error(`examples/${example}: script "${script}" must run node`);
    this.name = `${example} (${[script, ...args].join(' ')})`;
    this.child = spawn(process.execPath, [...scriptArgs, ...args], {
      cwd: dir,
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    live.add(this.child);
    this.child
      .stdout!.setEncoding('utf8')
      .on('data', (text: string) => this.#output(text, 'stdout'));
    this.child
      .stderr!.setEncoding('utf8')
      .on('data', (text: string) => this.#output(text, 'stderr'));
    this.exited = new Promise((resolve) => {
      this.child.once('close', (code, signal) => {
        live.delete(this.child);
        this.#exit = { code, signal };
        this.#notify();
        resolve(this.#exit);
      });
    });
  }

  /** Starts `npm start` of an example (or another script of it). */
  static start(
    example: string,
    env: Record<string, string>,
    options: { script?: string; args?: string[] } = {},
  ): ExampleProcess {
    return new ExampleProcess(example, options.script ?? 'start', options.args ?? [], env);
  }

  /** Resolves with the first match of `pattern` in stdout; rejects if the process ends first. */
  waitFor(pattern: RegExp): Promise<RegExpMatchArray> {
    return new Promise((resolve, reject) => {
      const check = () => {
        const match = pattern.exec(this.stdout);
        if (match !== null) {
          this.#waiters.delete(check);
          resolve(match);
        } else if (this.#exit !== undefined) {
          this.#waiters.delete(check);
          reject(
            new Error(
              `${this.name} exited (${JSON.stringify(this.#exit)}) before printing ${pattern}\n${this.output()}`,
            ),
          );
        }
      };
      this.#waiters.add(check);
      check();
    });
  }

  /** The URL printed on a line starting with `label`, e.g. `app listening on`. */
  async url(label: string): Promise<string> {
    const match = await this.waitFor(new RegExp(`^${label} (http://\\S+)`, 'm'));
    return match[1]!;
  }

  /** Sends `signal` and resolves once the process has exited. */
  async stop(signal: NodeJS.Signals = 'SIGTERM'): Promise<Exit> {
    if (this.#exit === undefined) this.child.kill(signal);
    return this.exited;
  }

  /** For after hooks: ends the process whatever its state, and waits for it. */
  async kill(): Promise<void> {
    if (this.#exit === undefined) this.child.kill('SIGKILL');
    await this.exited;
  }

  output(): string {
    return `--- stdout\n${this.stdout}--- stderr\n${this.stderr}`;
  }

  #output(text: string, stream: 'stdout' | 'stderr'): void {
    this[stream] += text;
    this.#notify();
  }

  #notify(): void {
    for (const waiter of [...this.#waiters]) waiter();
  }
}
