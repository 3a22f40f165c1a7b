import { scrypt, timingSafeEqual } from 'node:crypto';
import { configError, defineFilter, Status } from '@streamfilter/core';

/**
 * Checks `x-api-key` against a scrypt hash. scrypt runs on the thread pool and answers through a
 * callback, so this filter uses the seed's style: return Running, resume from the callback.
 */
export const hashedApiKey = defineFilter({
  name: 'hashedApiKey',
  parse(options: { salt: string; hash: string }) {
    const expected = Buffer.from(String(options?.hash), 'hex');
    if (expected.length !== 32) {
      throw configError('hashedApiKey', 'hash', 'must be 64 hex digits', options?.hash);
    }
    return { salt: String(options.salt), expected };
  },
  create: (config, callbacks) => ({
    decodeHeaders(headers) {
      const key = headers.get('x-api-key') ?? '';
      scrypt(key, config.salt, 32, (error, derived) => {
        if (error) return callbacks.sendLocalReply(500, 'key check failed\n');
        if (!timingSafeEqual(derived, config.expected)) {
          return callbacks.sendLocalReply(401, 'invalid API key\n');
        }
        callbacks.continue(Status.Continue);
      });
      return Status.Running;
    },
  }),
});
