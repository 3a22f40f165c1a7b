import { EventEmitter } from 'node:events';
import http, { type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';

/** How the service answers a check. */
export type AuthMode =
  /** 200 for a known username/password pair, 401 otherwise (the seed's service). */
  | 'accept'
  /** Always `status`. */
  | 'status'
  /** 302 to another path. */
  | 'redirect'
  /** 200 with a body far larger than 64 KiB. */
  | 'huge'
  /** Destroys the connection without answering. */
  | 'reset'
  /** Holds every check until `release()`, then answers as `accept`. */
  | 'hold';

/** One check the service received. */
export interface ReceivedCheck {
  /** The JSON body, parsed. */
  body: { username?: unknown; password?: unknown } & Record<string, unknown>;
  raw: string;
  headers: IncomingHttpHeaders;
  method: string;
  url: string;
}

/** A custom answer to a check, in place of the users table. */
export interface CheckAnswer {
  status: number;
  headers?: http.OutgoingHttpHeaders;
  body?: string;
}

/**
 * A real auth service on a loopback ephemeral port, switchable between behaviours, recording what
 * it received, how many checks it held at once, and how many callers hung up before the answer.
 */
export class AuthService {
  mode: AuthMode = 'accept';
  users: Record<string, string> = { foo: 'bar' };
  status = 500;
  /** When set, answers `accept` and `hold` checks in place of the users table. */
  answer: ((check: ReceivedCheck) => CheckAnswer) | undefined;
  /** Headers added to every 200. */
  responseHeaders: Record<string, string | string[]> = {};
  readonly checks: ReceivedCheck[] = [];
  inFlight = 0;
  maxInFlight = 0;
  /** Checks whose connection closed before the service answered. */
  aborted = 0;
  /** TCP connections accepted. */
  connections = 0;
  readonly #server: http.Server;
  readonly #events = new EventEmitter();
  #held: Array<() => void> = [];

  private constructor() {
    this.#server = http.createServer((req, res) => this.#receive(req, res));
    this.#server.on('connection', () => {
      this.connections++;
    });
  }

  static async start(): Promise<AuthService> {
    const service = new AuthService();
    await new Promise<void>((resolve) => service.#server.listen(0, '127.0.0.1', resolve));
    return service;
  }

  get port(): number {
    return (this.#server.address() as AddressInfo).port;
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}/check`;
  }

  get calls(): number {
    return this.checks.length;
  }

  /** Answers every held check. */
  release(): void {
    const held = this.#held;
    this.#held = [];
    for (const answer of held) answer();
  }

  /** Resolves once `test()` holds, re-checked after every change of the service's state. */
  until(test: (service: this) => boolean): Promise<void> {
    if (test(this)) return Promise.resolve();
    return new Promise((resolve) => {
      const check = () => {
        if (!test(this)) return;
        this.#events.off('change', check);
        resolve();
      };
      this.#events.on('change', check);
    });
  }

  async close(): Promise<void> {
    this.release();
    this.#server.closeAllConnections();
    await new Promise<void>((resolve) => this.#server.close(() => resolve()));
  }

  #changed(): void {
    this.#events.emit('change');
  }

  #receive(req: http.IncomingMessage, res: http.ServerResponse): void {
    this.inFlight++;
    this.maxInFlight = Math.max(this.maxInFlight, this.inFlight);
    res.on('error', () => {});
    res.on('close', () => {
      this.inFlight--;
      if (!res.writableFinished) this.aborted++;
      this.#changed();
    });
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const raw = Buffer.concat(chunks).toString('utf8');
      let body: ReceivedCheck['body'] = {};
      try {
        body = JSON.parse(raw);
      } catch {}
      const check = {
        body,
        raw,
        headers: req.headers,
        method: req.method ?? '',
        url: req.url ?? '',
      };
      this.checks.push(check);
      this.#answer(req, res, check);
      this.#changed();
    });
  }

  #answer(req: http.IncomingMessage, res: http.ServerResponse, check: ReceivedCheck): void {
    switch (this.mode) {
      case 'accept':
        this.#accept(res, check);
        return;
      case 'hold':
        this.#held.push(() => this.#accept(res, check));
        return;
      case 'status':
        res.writeHead(this.status).end('status');
        return;
      case 'redirect':
        res.writeHead(302, { location: '/elsewhere' }).end();
        return;
      case 'huge':
        res.writeHead(200, { 'content-type': 'text/plain' });
        for (let i = 0; i < 64; i++) res.write(Buffer.alloc(16 * 1024, 'x'));
        res.end();
        return;
      case 'reset':
        req.socket.destroy();
        return;
    }
  }

  #accept(res: http.ServerResponse, check: ReceivedCheck): void {
    if (this.answer !== undefined) {
      const { status, headers = {}, body = '' } = this.answer(check);
      res.writeHead(status, headers).end(body);
      return;
    }
    const { username, password } = check.body;
    const known =
      typeof username === 'string' &&
      Object.hasOwn(this.users, username) &&
      this.users[username] === password;
    if (known) res.writeHead(200, this.responseHeaders).end('ok');
    else res.writeHead(401).end('no');
  }
}

/** A loopback port nothing listens on (bound, then released). */
export async function closedPort(): Promise<number> {
  const server = http.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** `Basic base64(user:pass)`, UTF-8. */
export function basic(username: string, password: string): string {
  return `Basic ${Buffer.from(`${username}:${password}`, 'utf8').toString('base64')}`;
}
