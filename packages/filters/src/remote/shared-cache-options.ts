/** A Redis client of your own for the shared tier: what the filter uses of node-redis's client. */
export interface SharedCacheClient {
  sendCommand(args: string[]): Promise<unknown>;
  readonly isReady?: boolean;
}

/** The shared tier of the remote filters' `cache` option: decisions shared through Redis. */
export interface SharedCacheOptions {
  /**
   * Share decisions with every instance through Redis at this `redis://` or `rediss://` URL
   * (needs the `redis` package installed). Connected at the first check; closed by `close()`.
   */
  redisUrl?: string;
  /** Or your own node-redis client, connected and closed by you (instead of `redisUrl`). */
  redis?: SharedCacheClient;
  /**
   * Required with Redis: the key of the HMAC that names entries and vouches for their values.
   * The same random string (32+ characters) on every instance; keep it out of the code.
   */
  secret?: string;
  /** Put before every Redis key. Default `streamfilter:auth:`. */
  keyPrefix?: string;
  /** The longest a Redis command may take before the check goes on without it, in ms. Default 100. */
  redisTimeoutMs?: number;
}
