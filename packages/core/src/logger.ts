import type { Logger } from './types';

/** Warnings and errors to stderr; debug and info dropped. */
export const defaultLogger: Logger = (level, message, context) => {
  if (level === 'debug' || level === 'info') return;
  const where = context?.filter ? ` [${context.filter}]` : '';
  if (context?.error !== undefined)
    console.error(`streamfilter ${level}${where}: ${message}`, context.error);
  else console.error(`streamfilter ${level}${where}: ${message}`);
};
