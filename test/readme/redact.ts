import { configError, defineFilter, Status } from '@streamfilter/core';

/** Replaces `word` with `***` in request bodies, before any body parser reads them. */
export const redact = defineFilter({
  name: 'redact',
  parse(options: { word: string }) {
    if (typeof options?.word !== 'string' || options.word === '') {
      throw configError('redact', 'word', 'must be a non-empty string', options?.word);
    }
    return { word: options.word };
  },
  create: (config) => ({
    // Ask for the whole body (a request without one just continues)...
    decodeHeaders: () => Status.StopAndBuffer,
    // ...then this runs once, with all of it; what it leaves is what the app reads.
    decodeData(buffer) {
      buffer.set(buffer.toString().replaceAll(config.word, '***'));
    },
  }),
});
