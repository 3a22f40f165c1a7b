import { setTimeout as sleep } from 'node:timers/promises';

export interface Account {
  name: string;
  plan: string;
}

const ACCOUNTS: ReadonlyMap<string, Account> = new Map([
  ['free-key', { name: 'alice', plan: 'free' }],
  ['pro-key', { name: 'bob', plan: 'pro' }],
]);

/**
 * A callback-style client, as many older SDKs are: it answers on a later tick, as a network call
 * would. `undefined` means no such key.
 */
export function lookupAccount(
  key: string,
  callback: (error: Error | null, account?: Account) => void,
): void {
  setTimeout(() => callback(null, ACCOUNTS.get(key)), 5);
}

/** A promise-based client, as a content-moderation service's would be. */
export async function findBlockedWord(
  text: string,
  blockedWords: readonly string[],
): Promise<string | undefined> {
  await sleep(5);
  const lower = text.toLowerCase();
  return blockedWords.find((word) => lower.includes(word));
}
