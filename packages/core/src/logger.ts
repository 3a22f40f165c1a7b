import type { Logger } from './types';

/**
 * An error as one safe line: its stack (name, message, frames), never its own properties, which
 * for an HTTP client's error hold the request's headers and body (credentials included).
 */
function describeError(error: unknown): string {
  if (error instanceof Error) return error.stack ?? `${error.name}: ${error.message}`;
  return `a thrown ${error === null ? 'null' : typeof error}`;
}

/** Warnings and errors to stderr, errors by their stack only; debug and info dropped. */
export const defaultLogger: Logger = (level, message, context) => {
  if (level === 'debug' || level === 'info') return;
  const where = context?.filter ? ` [${context.filter}]` : '';
  const cause = context?.error === undefined ? '' : `\n${describeError(context.error)}`;
  console.error(`streamfilter ${level}${where}: ${message}${cause}`);
};
