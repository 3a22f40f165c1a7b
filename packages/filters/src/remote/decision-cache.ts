import { createHmac, randomBytes } from 'node:crypto';
import type { LRUCache } from 'lru-cache';
import { ABORTED, type CheckOutcome, type Decision } from './check-outcome';
import { SingleFlight } from './single-flight';

export interface DecisionCacheOptions {
  allowTtlMs: number;
  denyTtlMs: number;
  maxEntries: number;
}

/**
 * Allow and deny decisions, each with its own TTL, in a bounded LRU. Keys are an HMAC-SHA256 of
 * the credential-bearing parts of a check under a random per-filter key: the plaintext is never
 * stored, and the keys are useless outside this process. Only decisions are cached, never
 * failures. A decision's own `ttlMs` (from the service) shortens its TTL, never lengthens it.
 */
export class DecisionCache {
  /** Checks in flight, by key: identical concurrent checks share one auth call. */
  readonly flights = new SingleFlight<CheckOutcome>(() => ABORTED);
  readonly #lru: LRUCache<string, Decision>;
  readonly #secret = randomBytes(32);
  readonly #allowTtlMs: number;
  readonly #denyTtlMs: number;

  constructor(options: DecisionCacheOptions) {
    // Loaded here, not at the top: users of the in-process filters never load lru-cache.
    const { LRUCache: Lru } = require('lru-cache') as typeof import('lru-cache');
    this.#lru = new Lru({ max: options.maxEntries });
    this.#allowTtlMs = options.allowTtlMs;
    this.#denyTtlMs = options.denyTtlMs;
  }

  /** How many decisions are held (expired ones may linger until touched). */
  get size(): number {
    return this.#lru.size;
  }

  /**
   * The cache key of a check's parts (e.g. username and password), joined by NUL: callers pass
   * parts that cannot hold a NUL, except perhaps the last.
   */
  keyOf(...parts: readonly string[]): string {
    const hmac = createHmac('sha256', this.#secret);
    parts.forEach((part, i) => {
      if (i > 0) hmac.update('\0');
      hmac.update(part);
    });
    return hmac.digest('base64url');
  }

  get(key: string): Decision | undefined {
    return this.#lru.get(key);
  }

  set(key: string, decision: Decision): void {
    const configured = decision.kind === 'allow' ? this.#allowTtlMs : this.#denyTtlMs;
    const ttl = Math.min(configured, decision.ttlMs ?? configured);
    if (ttl > 0) this.#lru.set(key, decision, { ttl });
  }

  /** Every key held, for inspection in tests. */
  keys(): string[] {
    return [...this.#lru.keys()];
  }
}
