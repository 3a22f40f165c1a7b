import { defaultLogger } from './logger';
import type { FilterPhase, Observer } from './observer';
import type { Logger } from './types';

/** Options of {@link slowFilterLog}. */
export interface SlowFilterLogOptions {
  /** A stream whose hooks took longer than this in total, parked time included, is logged. */
  thresholdMs: number;
  /** Where the line goes. Default: the default logger (stderr). */
  logger?: Logger;
}

/**
 * An observer that logs, once and as a warning, each stream whose filter hooks took longer in
 * total than `thresholdMs`, with each filter's time per phase. The line holds the method, the
 * path without its query, filter names and times: no header value, no body, no secret.
 *
 * @example
 * const chain = filterChain([remoteBasicAuth({ url })], {
 *   observers: [slowFilterLog({ thresholdMs: 200 })],
 * });
 * // streamfilter warn: slow filters: 250.4 ms in hooks for GET /api (remoteBasicAuth decodeHeaders 250.1 ms)
 */
export function slowFilterLog(options: SlowFilterLogOptions): Observer {
  const threshold = options?.thresholdMs;
  if (typeof threshold !== 'number' || !(threshold >= 0)) {
    throw new TypeError('slowFilterLog: "thresholdMs" must be a number of milliseconds, 0 or more');
  }
  const logger = options.logger ?? defaultLogger;
  return {
    stream() {
      let total = 0;
      const times = new Map<string, number>();
      return {
        hook(timing) {
          total += timing.duration;
          const key = `${timing.filter} ${timing.phase satisfies FilterPhase}`;
          times.set(key, (times.get(key) ?? 0) + timing.duration);
        },
        end(info) {
          if (total <= threshold) return;
          const each = [...times].map(([key, ms]) => `${key} ${ms.toFixed(1)} ms`).join(', ');
          const path = info.path.split('?')[0];
          logger(
            'warn',
            `slow filters: ${total.toFixed(1)} ms in hooks for ${info.method} ${path} (${each})`,
          );
        },
      };
    },
  };
}
