import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import net, { type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { systemBinary } from './system-binary';

const live = new Set<ChildProcess>();
// A safety net for a crashed test run: no nginx outlives the test process.
process.once('exit', () => {
  for (const child of live) child.kill('SIGKILL');
});

/**
 * Fails, saying what to install, when the nginx on this machine was built without `module`
 * (e.g. `http_auth_request_module`, which Debian's `nginx` package has).
 */
export function assertNginxModule(module: string): void {
  const binary = systemBinary('nginx', 'nginx');
  // `nginx -V` prints its version and build options on stderr.
  const { stderr } = spawnSync(binary, ['-V'], { encoding: 'utf8' });
  if (!stderr.includes(`--with-${module}`)) {
    throw new Error(
      `${binary} was built without ${module}, which these tests need; install Debian's nginx package (apt-get install -y nginx)`,
    );
  }
}

/** A loopback port that was free a moment ago (bound, then released). */
export async function freePort(): Promise<number> {
  const server = http.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

function accepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

/**
 * The `http {}` block's contents wrapped in a whole nginx.conf for a test: in the foreground,
 * every file it writes (pid, temp files) under the prefix, errors to `error.log` there.
 */
export function nginxConfig(http: string): string {
  return `daemon off;
pid nginx.pid;
error_log error.log info;
events { worker_connections 64; }
http {
  access_log off;
  server_tokens off;
  client_body_temp_path client_body_temp;
  proxy_temp_path proxy_temp;
  fastcgi_temp_path fastcgi_temp;
  uwsgi_temp_path uwsgi_temp;
  scgi_temp_path scgi_temp;
${http}
}
`;
}

/**
 * A real nginx, started as a child process on a config written to a temp dir (its prefix), in
 * one process (`master_process off`), so stopping the child stops all of it.
 */
export class Nginx {
  readonly child: ChildProcess;
  readonly prefix: string;
  /** The port the config listens on, which `start` waits for. */
  readonly port: number;
  output = '';
  #exited: Promise<void>;
  #running = true;

  private constructor(child: ChildProcess, prefix: string, port: number) {
    this.child = child;
    this.prefix = prefix;
    this.port = port;
    live.add(child);
    child.stdout!.setEncoding('utf8').on('data', (text: string) => {
      this.output += text;
    });
    child.stderr!.setEncoding('utf8').on('data', (text: string) => {
      this.output += text;
    });
    this.#exited = new Promise((resolve) => {
      child.once('close', () => {
        this.#running = false;
        live.delete(child);
        resolve();
      });
    });
  }

  /**
   * Writes `config` (a whole nginx.conf) to a fresh temp dir and starts nginx on it; resolves
   * once it accepts connections on `port` (which the config must listen on, on 127.0.0.1).
   * Fails with the install command when nginx is missing, and with nginx's own words when it
   * does not start.
   */
  static async start(config: string, port: number): Promise<Nginx> {
    const binary = systemBinary('nginx', 'nginx');
    const prefix = mkdtempSync(path.join(tmpdir(), 'streamfilter-nginx-'));
    writeFileSync(path.join(prefix, 'nginx.conf'), config);
    const child = spawn(
      binary,
      ['-p', `${prefix}/`, '-c', 'nginx.conf', '-e', 'stderr', '-g', 'master_process off;'],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    const nginx = new Nginx(child, prefix, port);
    for (let attempt = 0; attempt < 400; attempt++) {
      if (!nginx.#running) break;
      if (await accepts(port)) return nginx;
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
    await nginx.stop();
    throw new Error(
      `nginx did not start on 127.0.0.1:${port}:\n${nginx.output}${nginx.errorLog()}`,
    );
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  /** What nginx wrote to `error.log` in its prefix (configs from `nginxConfig` log there). */
  errorLog(): string {
    try {
      return readFileSync(path.join(this.prefix, 'error.log'), 'utf8');
    } catch {
      return '';
    }
  }

  /** Stops nginx (SIGTERM, SIGKILL after 5 s) and removes its prefix. */
  async stop(): Promise<void> {
    if (this.#running) {
      this.child.kill('SIGTERM');
      const timer = setTimeout(() => this.child.kill('SIGKILL'), 5000);
      await this.#exited;
      clearTimeout(timer);
    }
    rmSync(this.prefix, { recursive: true, force: true });
  }
}
