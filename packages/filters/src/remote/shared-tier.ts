import type { LogLevel } from '@streamfilter/core';
import type { RedisCommands } from './redis-client';

/** Where the shared tier reports what went wrong: the request's log. */
export type Log = (level: LogLevel, message: string) => void;

/** The counter the shared tier keeps: checks that had to go without it. */
export interface SharedTierStats {
  sharedUnavailable: number;
}

export interface SharedTierOptions {
  /** Put before every key, so several apps can share a Redis. */
  readonly keyPrefix: string;
  /** The longest a command may take before the check goes on without it, in ms. */
  readonly timeoutMs: number;
  readonly stats: SharedTierStats;
  /** For a client the filter opened: the connection to wait for while it is being made. */
  readonly connecting?: () => Promise<unknown> | undefined;
}

/** After a failure, Redis is left alone this long before it is tried again. */
const RETRY_AFTER_MS = 1000;

const TIMED_OUT = Symbol('timed out');
const UNAVAILABLE = Symbol('unavailable');

/**
 * A short, secret-free reason for a Redis failure: a socket error's code, a node-redis error's
 * class (`ClientOfflineError`), or the first word of a Redis error reply (`NOAUTH`, `READONLY`).
 * Never the error itself, nor the URL (it may hold a password) or a key.
 */
function reasonOf(error: unknown, timeoutMs: number): string {
  if (error === TIMED_OUT) return `no answer within ${timeoutMs} ms`;
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code === 'string') return code;
  if (!(error instanceof Error)) return 'unexpected error';
  const kind = error.constructor.name;
  if (/Reply$|^SimpleError$|^BlobError$/.test(kind)) {
    return `error reply ${/^[A-Z]+/.exec(error.message)?.[0] ?? ''}`.trim();
  }
  return kind === 'Error' ? 'unexpected error' : kind;
}

/**
 * The Redis behind the in-process LRU: every command bounded by `timeoutMs`, and any failure
 * (down, slow, refusing) answered as "not there", so a check goes on to the auth service and
 * the cache never fails a request. An outage is logged once, when it starts; each check that
 * went without Redis is counted; after a failure Redis is given `RETRY_AFTER_MS` to recover
 * before it is tried again, so an outage costs one deadline, not one per request.
 */
export class SharedTier {
  readonly keyPrefix: string;
  readonly #client: RedisCommands;
  readonly #timeoutMs: number;
  readonly #stats: SharedTierStats;
  readonly #connecting: (() => Promise<unknown> | undefined) | undefined;
  #down = false;
  #retryAt = 0;

  constructor(client: RedisCommands, options: SharedTierOptions) {
    this.#client = client;
    this.keyPrefix = options.keyPrefix;
    this.#timeoutMs = options.timeoutMs;
    this.#stats = options.stats;
    this.#connecting = options.connecting;
  }

  /** The stored value of `key`, or `undefined`: missing, or Redis unavailable. */
  async get(key: string, log: Log): Promise<string | undefined> {
    const reply = await this.#run(['GET', key], log);
    if (reply === UNAVAILABLE) this.#stats.sharedUnavailable++;
    return typeof reply === 'string' ? reply : undefined;
  }

  /** Stores `value` under `key` for `ttlMs`; best effort, never rejects. */
  async set(key: string, value: string, ttlMs: number, log: Log): Promise<void> {
    await this.#run(['SET', key, value, 'PX', String(Math.ceil(ttlMs))], log);
  }

  async #run(args: string[], log: Log): Promise<unknown> {
    if (this.#down && Date.now() < this.#retryAt) return UNAVAILABLE;
    const connecting = this.#connecting?.();
    if (connecting === undefined && this.#client.isReady === false) {
      return this.#failed({ code: 'not connected' }, log);
    }
    let timer: NodeJS.Timeout | undefined;
    let grace: NodeJS.Immediate | undefined;
    const deadline = new Promise<never>((_, reject) => {
      // As for the auth call: let an answer already waiting in the socket win over the timer.
      timer = setTimeout(() => {
        grace = setImmediate(() => reject(TIMED_OUT));
      }, this.#timeoutMs);
    });
    try {
      if (connecting !== undefined) await Promise.race([connecting, deadline]);
      const reply = await Promise.race([this.#client.sendCommand(args), deadline]);
      this.#recovered(log);
      return reply;
    } catch (error) {
      return this.#failed(error, log);
    } finally {
      clearTimeout(timer);
      if (grace !== undefined) clearImmediate(grace);
    }
  }

  #failed(error: unknown, log: Log): typeof UNAVAILABLE {
    this.#retryAt = Date.now() + RETRY_AFTER_MS;
    if (!this.#down) {
      this.#down = true;
      // Waiting for a connection that does not come is being down, not being slow.
      const connecting = error === TIMED_OUT && this.#client.isReady === false;
      const reason = connecting ? 'not connected' : reasonOf(error, this.#timeoutMs);
      log('warn', `shared decision cache unavailable (${reason}): deciding without it`);
    }
    return UNAVAILABLE;
  }

  #recovered(log: Log): void {
    if (!this.#down) return;
    this.#down = false;
    log('info', 'shared decision cache available again');
  }
}
