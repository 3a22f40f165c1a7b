import type { ChainableFilter, FilterCallbacks, StreamFilter } from '@streamfilter/core';

/** A filter from a name and a per-request factory: test shorthand. */
export function filter(
  name: string,
  create: (callbacks: FilterCallbacks) => StreamFilter,
): ChainableFilter {
  return { name, create };
}

/** Resolves after `ms` milliseconds: only to create async situations, never to assert on time. */
export function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Collects log lines of a chain. */
export function captureLogs(): {
  lines: string[];
  logger: (level: string, message: string) => void;
} {
  const lines: string[] = [];
  return { lines, logger: (level, message) => lines.push(`${level}: ${message}`) };
}
