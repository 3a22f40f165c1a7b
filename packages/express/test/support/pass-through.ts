import type { ChainableFilter, StreamFilter } from '@streamfilter/core';

/** Which hooks a pass-through filter has. */
export type HookSet = 'response' | 'body' | 'all';

/** When its hooks answer: at once, on a resolved promise, or after a turn of the event loop. */
export type Timing = 'sync' | 'microtask' | 'turn';

const HOOKS: Record<HookSet, ReadonlyArray<keyof StreamFilter>> = {
  response: ['encodeHeaders', 'encodeData', 'encodeTrailers'],
  body: ['decodeData', 'decodeTrailers'],
  all: [
    'decodeHeaders',
    'decodeData',
    'decodeTrailers',
    'encodeHeaders',
    'encodeData',
    'encodeTrailers',
  ],
};

const ANSWERS: Record<Timing, () => unknown> = {
  sync: () => undefined,
  microtask: async () => undefined,
  turn: () => new Promise<void>((resolve) => setImmediate(resolve)),
};

/** A filter whose hooks all say Continue: a chain of it must be invisible to the application. */
export function passThrough(hooks: HookSet, timing: Timing): ChainableFilter {
  const instance: Record<string, () => unknown> = {};
  for (const hook of HOOKS[hooks]) instance[hook] = ANSWERS[timing];
  return { name: 'pass-through', create: () => ({ ...instance }) as StreamFilter };
}

/**
 * The control for a pass-through filter: plain middleware that goes on at the same pace, after
 * `waits` answers of that timing. What an async filter cannot hide (the time it waits) shows
 * in the control too.
 */
export function samePace(
  timing: Timing,
  waits = 1,
): (req: unknown, res: unknown, next: () => void) => void {
  const answer = ANSWERS[timing];
  return async (_req, _res, next) => {
    if (timing !== 'sync') for (let i = 0; i < waits; i++) await answer();
    next();
  };
}

export interface PassThroughKind {
  label: string;
  hooks: HookSet;
  timing: Timing;
}

/** The pass-through variants a transparency test runs under. */
export const passThroughKinds: readonly PassThroughKind[] = [
  { label: 'sync response hooks', hooks: 'response', timing: 'sync' },
  { label: 'sync body hooks', hooks: 'body', timing: 'sync' },
  { label: 'all six hooks sync', hooks: 'all', timing: 'sync' },
  { label: 'all six hooks async, resolved at once', hooks: 'all', timing: 'microtask' },
  { label: 'all six hooks async, a turn later', hooks: 'all', timing: 'turn' },
];

/** Kinds that tap the request body. */
export const bodyKinds = passThroughKinds.filter((kind) => kind.hooks !== 'response');
/** Kinds that tap the response. */
export const responseKinds = passThroughKinds.filter((kind) => kind.hooks !== 'body');
