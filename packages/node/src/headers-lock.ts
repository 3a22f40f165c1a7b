import type { ServerResponse } from 'node:http';

/** Node's error for a header change after the headers went out. */
export function headersSentError(verb: 'set' | 'remove' | 'append' | 'write'): Error {
  return Object.assign(new Error(`Cannot ${verb} headers after they are sent to the client`), {
    code: 'ERR_HTTP_HEADERS_SENT',
  });
}

const LOCKED = [
  ['setHeader', 'set'],
  ['removeHeader', 'remove'],
  ['appendHeader', 'append'],
] as const;

/** Some tap is writing through to Node: its own header writes pass every lock. */
let writingThrough = 0;

/** Whether some tap is writing through to Node right now. */
export function isWritingThrough(): boolean {
  return writingThrough > 0;
}

/** Runs `write` as a write through to Node, which header locks let pass. */
export function throughLocks<T>(write: () => T): T {
  writingThrough++;
  try {
    return write();
  } finally {
    writingThrough--;
  }
}

/**
 * Makes `res` look as Node makes it once its headers are sent (`headersSent`, header changes
 * throw `ERR_HTTP_HEADERS_SENT`), while the headers the application committed still wait in
 * the chain. Returns the unlock, for when they really go out.
 */
export function lockHeaders(res: ServerResponse): () => void {
  const target = res as unknown as Record<string, unknown>;
  const saved = LOCKED.map(([name]) => [name, Object.getOwnPropertyDescriptor(res, name)] as const);
  for (const [name, verb] of LOCKED) {
    const method = target[name] as (...args: unknown[]) => unknown;
    target[name] = function locked(this: unknown, ...args: unknown[]) {
      if (writingThrough === 0) throw headersSentError(verb);
      return method.apply(this, args);
    };
  }
  Object.defineProperty(res, 'headersSent', { configurable: true, get: () => true });
  return function unlock() {
    for (const [name, descriptor] of saved) {
      if (descriptor === undefined) delete target[name];
      else Object.defineProperty(res, name, descriptor);
    }
    delete target.headersSent;
  };
}
