import { randomBytes, timingSafeEqual } from 'node:crypto';
import { sha256 } from '../shared/sha256';

/**
 * Passwords held as SHA-256 digests of a random per-filter salt (fixed-length text) and the
 * password, hashed in one call. Every check hashes the given password the same way and compares
 * 32 bytes with `timingSafeEqual`, against a dummy digest when the user is unknown: the time taken
 * says nothing about the password or its length. (A salted hash, not an HMAC: only equality is
 * asked of it, and it costs less.)
 */
export class UserTable {
  readonly #secret = randomBytes(32).toString('base64');
  readonly #digests = new Map<string, Buffer>();
  readonly #unknown: Buffer;

  constructor(users: Readonly<Record<string, string>>) {
    for (const [username, password] of Object.entries(users)) {
      this.#digests.set(username, this.#digest(password));
    }
    this.#unknown = this.#digest(randomBytes(32).toString('hex'));
  }

  get size(): number {
    return this.#digests.size;
  }

  verify(username: string, password: string): boolean {
    const expected = this.#digests.get(username);
    const equal = timingSafeEqual(this.#digest(password), expected ?? this.#unknown);
    return equal && expected !== undefined;
  }

  #digest(password: string): Buffer {
    return sha256(this.#secret + password);
  }
}
