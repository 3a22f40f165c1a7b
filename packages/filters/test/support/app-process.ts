import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import path from 'node:path';

const live = new Set<ChildProcess>();
// A safety net for a crashed test run: no app outlives the test process.
process.once('exit', () => {
  for (const child of live) child.kill('SIGKILL');
});

/** A TypeScript app of this folder run as its own Node process, against the packages' sources. */
export class AppProcess {
  readonly url: string;
  readonly #child: ChildProcess;
  readonly #output: { stderr: string };

  private constructor(child: ChildProcess, url: string, output: { stderr: string }) {
    this.#child = child;
    this.url = url;
    this.#output = output;
  }

  /** Starts `file` (of this folder) with `env`; resolves once it printed `listening <url>`. */
  static async start(file: string, env: Record<string, string>): Promise<AppProcess> {
    const args = [
      '--import',
      'tsx',
      '--conditions',
      '@streamfilter/source',
      path.join(__dirname, file),
    ];
    const child = spawn(process.execPath, args, {
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    live.add(child);
    child.once('exit', () => live.delete(child));
    const output = { stdout: '', stderr: '' };
    child.stderr!.setEncoding('utf8').on('data', (text: string) => {
      output.stderr += text;
    });
    const url = await new Promise<string>((resolve, reject) => {
      child.stdout!.setEncoding('utf8').on('data', (text: string) => {
        output.stdout += text;
        const match = /^listening (http:\/\/\S+)/m.exec(output.stdout);
        if (match !== null) resolve(match[1]!);
      });
      child.once('exit', (code) =>
        reject(new Error(`${file} exited (${code}):\n${output.stderr}`)),
      );
    });
    return new AppProcess(child, url, output);
  }

  /** What the app logged to stderr so far. */
  get stderr(): string {
    return this.#output.stderr;
  }

  /** GET `path` with `authorization`, if any: the status and the JSON body. */
  async get(urlPath: string, authorization?: string): Promise<{ status: number; body: unknown }> {
    const headers: Record<string, string> = authorization ? { authorization } : {};
    const response = await fetch(new URL(urlPath, this.url), { headers });
    const text = await response.text();
    let body: unknown = text;
    try {
      body = JSON.parse(text);
    } catch {}
    return { status: response.status, body };
  }

  async stats(): Promise<Record<string, number>> {
    return (await this.get('/stats')).body as Record<string, number>;
  }

  async kill(): Promise<void> {
    if (this.#child.exitCode !== null || this.#child.signalCode !== null) return;
    const exited = once(this.#child, 'exit');
    this.#child.kill('SIGKILL');
    await exited;
  }
}
