import { createHmac, timingSafeEqual } from 'node:crypto';
import type { CopiedHeaders, Decision } from './check-outcome';

/** A decision as the shared tier holds it, with the time (epoch ms) it stops being valid. */
export interface StoredDecision {
  readonly decision: Decision;
  readonly expiresAt: number;
}

interface Entry {
  k: 'allow' | 'deny';
  e: number;
  h?: CopiedHeaders;
  u?: string;
  r?: { s: number; b: string; h: CopiedHeaders };
}

const MAC_LENGTH = 43;

function mac(key: Buffer, redisKey: string, json: string): string {
  return createHmac('sha256', key).update(redisKey).update('\0').update(json).digest('base64url');
}

/**
 * What the shared tier stores for a decision: its JSON (what a hit must restore: copied headers,
 * the user, a denial's reply; there is no password in a decision) behind an HMAC of the entry's
 * key and JSON, so an entry written or moved by anyone without the secret is never believed.
 */
export function encodeDecision(
  key: Buffer,
  redisKey: string,
  decision: Decision,
  expiresAt: number,
): string {
  const entry: Entry =
    decision.kind === 'allow'
      ? { k: 'allow', e: expiresAt, h: decision.headers, u: decision.user }
      : { k: 'deny', e: expiresAt };
  if (decision.kind === 'deny' && decision.reply !== undefined) {
    const { status, body, headers } = decision.reply;
    entry.r = { s: status, b: body.toString('base64'), h: headers };
  }
  const json = JSON.stringify(entry);
  return mac(key, redisKey, json) + json;
}

function isHeaders(value: unknown): value is CopiedHeaders {
  return (
    Array.isArray(value) &&
    value.every(
      (pair) =>
        Array.isArray(pair) &&
        pair.length === 2 &&
        typeof pair[0] === 'string' &&
        (typeof pair[1] === 'string' ||
          (Array.isArray(pair[1]) && pair[1].every((v: unknown) => typeof v === 'string'))),
    )
  );
}

function parse(json: string): Entry | undefined {
  try {
    const entry = JSON.parse(json) as Partial<Entry> | null;
    return typeof entry === 'object' && entry !== null ? (entry as Entry) : undefined;
  } catch {
    return undefined;
  }
}

/** The decision of a stored value, or `undefined` when it is not one this secret wrote. */
export function decodeDecision(
  key: Buffer,
  redisKey: string,
  value: string,
): StoredDecision | undefined {
  const json = value.slice(MAC_LENGTH);
  const expected = Buffer.from(mac(key, redisKey, json));
  const given = Buffer.from(value.slice(0, MAC_LENGTH));
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return undefined;
  const entry = parse(json);
  if (entry === undefined || typeof entry.e !== 'number') return undefined;
  if (entry.k === 'allow' && isHeaders(entry.h)) {
    const user = typeof entry.u === 'string' ? entry.u : undefined;
    return { decision: { kind: 'allow', headers: entry.h, user }, expiresAt: entry.e };
  }
  if (entry.k !== 'deny') return undefined;
  const r = entry.r;
  if (r === undefined) return { decision: { kind: 'deny' }, expiresAt: entry.e };
  if (typeof r.s !== 'number' || typeof r.b !== 'string' || !isHeaders(r.h)) return undefined;
  const reply = { status: r.s, body: Buffer.from(r.b, 'base64'), headers: r.h };
  return { decision: { kind: 'deny', reply }, expiresAt: entry.e };
}
