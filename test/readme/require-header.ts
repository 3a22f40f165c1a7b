import { configError, defineFilter, Status } from '@streamfilter/core';

/** Answers 400 unless the request carries `header`. Synchronous: a status, no promise. */
export const requireHeader = defineFilter({
  name: 'requireHeader',
  parse(options: { header: string }) {
    if (typeof options?.header !== 'string' || options.header === '') {
      throw configError('requireHeader', 'header', 'must be a header name', options?.header);
    }
    return { header: options.header.toLowerCase() };
  },
  create: (config, callbacks) => ({
    decodeHeaders(headers) {
      if (headers.has(config.header)) return Status.Continue;
      callbacks.sendLocalReply(400, `missing ${config.header}\n`);
      return Status.LocalReply;
    },
  }),
});
