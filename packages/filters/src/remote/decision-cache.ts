import { createHmac, randomBytes } from 'node:crypto';
import type { LRUCache } from 'lru-cache';
import { sha256Text } from '../shared/sha256';
import { ABORTED, type CheckOutcome, type Decision } from './check-outcome';
import type { Log, SharedTier } from './shared-tier';
import { SingleFlight } from './single-flight';
import { decodeDecision, encodeDecision } from './stored-decision';

export interface DecisionCacheOptions {
  allowTtlMs: number;
  denyTtlMs: number;
  maxEntries: number;
  /** The key every instance sharing decisions holds; `undefined`: a random per-filter key. */
  secret?: string;
  /** What decides (the filter and its check URL): decisions of other contexts never match. */
  context?: string;
  /** Redis behind the LRU, shared by every instance with the same `secret`. */
  shared?: SharedTier;
}

/**
 * Where a decision came from: this process's cache, the shared tier (Redis), a new call, or a
 * call already in flight.
 */
export type CacheSource = 'hit' | 'shared' | 'miss' | 'coalesced';

/** A check's outcome and where it came from (`undefined` without a cache). */
export interface Checked {
  readonly source: CacheSource | undefined;
  readonly outcome: CheckOutcome;
}

const ABORTED_CHECK: Checked = Object.freeze({ source: undefined, outcome: ABORTED });

function derive(secret: string | Buffer, label: string, context: string): Buffer {
  return createHmac('sha256', secret).update(`streamfilter ${label}\0${context}`).digest();
}

/**
 * Allow and deny decisions, each with its own TTL, in a bounded LRU, and optionally in Redis
 * behind it. Keys are a keyed SHA-256 of the credential-bearing parts of a check, under a key
 * derived from the secret and the context: a random per-filter secret when nothing is shared,
 * the configured `secret` with Redis. The plaintext is never stored. Only decisions are cached,
 * never failures. A decision's own `ttlMs` (from the service) shortens its TTL, never lengthens it.
 */
export class DecisionCache {
  /** Checks in flight, by key: identical concurrent checks share one lookup and one auth call. */
  readonly flights = new SingleFlight<Checked>(() => ABORTED_CHECK);
  readonly shared: SharedTier | undefined;
  readonly #lru: LRUCache<string, Decision>;
  readonly #keyKey: Buffer;
  /** `#keyKey` as text, the prefix of what is hashed for a key of this process's LRU alone. */
  readonly #keyText: string;
  readonly #valueKey: Buffer;
  readonly #allowTtlMs: number;
  readonly #denyTtlMs: number;

  constructor(options: DecisionCacheOptions) {
    // Loaded here, not at the top: users of the in-process filters never load lru-cache.
    const { LRUCache: Lru } = require('lru-cache') as typeof import('lru-cache');
    this.#lru = new Lru({ max: options.maxEntries });
    const secret = options.secret ?? randomBytes(32);
    const context = options.context ?? '';
    this.#keyKey = derive(secret, 'decision key', context);
    this.#keyText = `${this.#keyKey.toString('base64')}\0`;
    this.#valueKey = derive(secret, 'decision value', context);
    this.#allowTtlMs = options.allowTtlMs;
    this.#denyTtlMs = options.denyTtlMs;
    this.shared = options.shared;
  }

  /** How many decisions are held (expired ones may linger until touched). */
  get size(): number {
    return this.#lru.size;
  }

  /**
   * The cache key of a check's parts (e.g. username and password). Kept in this process only:
   * SHA-256 over the secret key and the parts, each framed by its length, so no two lists of
   * parts hash the same input and no key extends another. Shared through Redis, where others
   * read the keys: an HMAC-SHA256, the parts joined by NUL (callers pass parts that cannot hold
   * a NUL, except perhaps the last).
   */
  keyOf(...parts: readonly string[]): string {
    if (this.shared === undefined) {
      let framed = `${this.#keyText}${parts.length}`;
      for (const part of parts) framed += `\0${part.length}:${part}`;
      return sha256Text(framed);
    }
    const hmac = createHmac('sha256', this.#keyKey);
    parts.forEach((part, i) => {
      if (i > 0) hmac.update('\0');
      hmac.update(part);
    });
    return hmac.digest('base64url');
  }

  get(key: string): Decision | undefined {
    return this.#lru.get(key);
  }

  /** Keeps a decision in the LRU, and returns how long (ms; 0: not at all). */
  set(key: string, decision: Decision): number {
    const configured = decision.kind === 'allow' ? this.#allowTtlMs : this.#denyTtlMs;
    const ttl = Math.min(configured, decision.ttlMs ?? configured);
    if (ttl > 0) this.#lru.set(key, decision, { ttl });
    return Math.max(ttl, 0);
  }

  /** The shared tier's decision for `key`, kept in the LRU for what is left of its life. */
  async recall(key: string, log: Log): Promise<Decision | undefined> {
    const shared = this.shared;
    if (shared === undefined) return undefined;
    const redisKey = shared.keyPrefix + key;
    const value = await shared.get(redisKey, log);
    const stored =
      value === undefined ? undefined : decodeDecision(this.#valueKey, redisKey, value);
    const left = stored === undefined ? 0 : stored.expiresAt - Date.now();
    if (stored === undefined || left <= 0) return undefined;
    const decision: Decision = { ...stored.decision, ttlMs: left };
    this.set(key, decision);
    return decision;
  }

  /**
   * Keeps a new decision in the LRU and in the shared tier. Resolves once Redis has it (or gave
   * up within its deadline), so that when this instance answers, every other one can recall it;
   * `undefined` when there is nothing to wait for.
   */
  remember(key: string, decision: Decision, log: Log): Promise<void> | undefined {
    const ttl = this.set(key, decision);
    const shared = this.shared;
    if (shared === undefined || ttl === 0) return undefined;
    const redisKey = shared.keyPrefix + key;
    const value = encodeDecision(this.#valueKey, redisKey, decision, Date.now() + ttl);
    return shared.set(redisKey, value, ttl, log);
  }

  /** Every key held, for inspection in tests. */
  keys(): string[] {
    return [...this.#lru.keys()];
  }
}
