import { OwnedRedis } from './redis-client';

/**
 * The Redis clients one configured filter opened, by URL: its per-route variants share them,
 * and its `close()` closes them.
 */
export class RedisPool {
  readonly #clients = new Map<string, OwnedRedis>();

  client(filter: string, url: string): OwnedRedis {
    let client = this.#clients.get(url);
    if (client === undefined) {
      client = new OwnedRedis(filter, url);
      this.#clients.set(url, client);
    }
    return client;
  }

  /** Closes every client; the next use (if any) opens it again. */
  close(): void {
    for (const client of this.#clients.values()) client.close();
  }
}
