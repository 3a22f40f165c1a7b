import { configError } from '@streamfilter/core';

/**
 * What the shared tier needs of a Redis client: node-redis's `sendCommand`, and `isReady` to
 * skip Redis at once while it is disconnected.
 */
export interface RedisCommands {
  sendCommand(args: string[]): Promise<unknown>;
  readonly isReady?: boolean;
}

/** What the filter uses of the node-redis client it opens itself. */
interface NodeRedisClient extends RedisCommands {
  connect(): Promise<unknown>;
  readonly isOpen: boolean;
  destroy(): void;
}

/** A `redis://` or `rediss://` URL. */
export function parseRedisUrl(filter: string, value: unknown): string {
  let url: URL | undefined;
  try {
    url = typeof value === 'string' ? new URL(value) : undefined;
  } catch {
    url = undefined;
  }
  if (url === undefined || (url.protocol !== 'redis:' && url.protocol !== 'rediss:')) {
    // Never echo the value: a Redis URL may hold a password.
    throw configError(filter, 'redisUrl', 'must be a redis:// or rediss:// URL', '(hidden)');
  }
  return value as string;
}

/** Checks that a caller's own client looks like a node-redis client. */
export function parseRedisClient(filter: string, value: unknown): RedisCommands {
  if (typeof (value as RedisCommands | null)?.sendCommand !== 'function') {
    throw configError(
      filter,
      'redis',
      'must be a node-redis client (createClient() from the "redis" package)',
      typeof value,
    );
  }
  return value as RedisCommands;
}

function loadRedis(filter: string): typeof import('redis') {
  try {
    // Loaded here, not at the top: only users of the shared tier need "redis" installed.
    return require('redis') as typeof import('redis');
  } catch (error) {
    if ((error as { code?: unknown }).code !== 'MODULE_NOT_FOUND') throw error;
    throw configError(
      filter,
      'redisUrl',
      'needs the "redis" package: npm install redis',
      '(hidden)',
    );
  }
}

/**
 * The client a filter opens itself from `redisUrl`: node-redis with no offline queue (a command
 * is refused at once while disconnected, never queued until Redis is back), connected on first
 * use rather than when the filter is configured, and closed by the filter's `close()`. Its
 * errors are left to the shared tier, which logs once per outage.
 */
export class OwnedRedis implements RedisCommands {
  readonly #client: NodeRedisClient;
  #connecting: Promise<unknown> | undefined;

  constructor(filter: string, url: string) {
    const { createClient } = loadRedis(filter);
    const client = createClient({ url, disableOfflineQueue: true });
    // Without a listener, node-redis's 'error' events would crash the process.
    client.on('error', () => {});
    this.#client = client as unknown as NodeRedisClient;
  }

  get isReady(): boolean {
    return this.#client.isReady === true;
  }

  sendCommand(args: string[]): Promise<unknown> {
    return this.#client.sendCommand(args);
  }

  /** The first connection, started at the first call; `undefined` while connected. */
  connection(): Promise<unknown> | undefined {
    this.#connecting ??= this.#client.connect().catch(() => {});
    return this.isReady ? undefined : this.#connecting;
  }

  /** Closes the connection; the next use opens it again. */
  close(): void {
    this.#connecting = undefined;
    if (this.#client.isOpen) this.#client.destroy();
  }
}
