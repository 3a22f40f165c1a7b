import { createHmac, randomBytes } from 'node:crypto';
import { LRUCache } from 'lru-cache';
import { ABORTED, type CheckOutcome, type Decision } from './check-outcome';
import { SingleFlight } from './single-flight';

export interface DecisionCacheOptions {
  allowTtlMs: number;
  denyTtlMs: number;
  maxEntries: number;
}

/**
 * Allow and deny decisions, each with its own TTL, in a bounded LRU. Keys are an HMAC-SHA256 of
 * the credentials under a random per-filter key: the plaintext is never stored, and the keys are
 * useless outside this process. Only decisions are cached, never failures.
 */
export class DecisionCache {
  /** Checks in flight, by key: identical concurrent checks share one auth call. */
  readonly flights = new SingleFlight<CheckOutcome>(() => ABORTED);
  readonly #lru: LRUCache<string, Decision>;
  readonly #secret = randomBytes(32);
  readonly #allowTtlMs: number;
  readonly #denyTtlMs: number;

  constructor(options: DecisionCacheOptions) {
    this.#lru = new LRUCache({ max: options.maxEntries });
    this.#allowTtlMs = options.allowTtlMs;
    this.#denyTtlMs = options.denyTtlMs;
  }

  /** How many decisions are held (expired ones may linger until touched). */
  get size(): number {
    return this.#lru.size;
  }

  /** The cache key of a username and password. */
  keyOf(username: string, password: string): string {
    return createHmac('sha256', this.#secret)
      .update(username)
      .update('\0')
      .update(password)
      .digest('base64url');
  }

  get(key: string): Decision | undefined {
    return this.#lru.get(key);
  }

  set(key: string, decision: Decision): void {
    const ttl = decision.kind === 'allow' ? this.#allowTtlMs : this.#denyTtlMs;
    if (ttl > 0) this.#lru.set(key, decision, { ttl });
  }

  /** Every key held, for inspection in tests. */
  keys(): string[] {
    return [...this.#lru.keys()];
  }
}
