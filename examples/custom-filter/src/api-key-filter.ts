import { configError, defineFilter, Status } from '@streamfilter/core';
import { findBlockedWord, lookupAccount } from './services.js';

export interface ApiKeyOptions {
  /** The plans allowed through, e.g. `['free', 'pro']`. */
  plans: readonly string[];
  /** Words a request body must not hold (case-insensitive). Default: none. */
  blockedWords?: readonly string[];
}

interface ApiKeyConfig {
  plans: ReadonlySet<string>;
  blockedWords: readonly string[];
}

function isListOfWords(value: unknown): value is string[] {
  return Array.isArray(value) && value.every((item) => typeof item === 'string' && item !== '');
}

/**
 * Lets a request through when its `x-api-key` belongs to an account on one of `plans`, and its
 * body holds none of `blockedWords`; tells the client its plan in an `x-plan` response header.
 */
export const apiKey = defineFilter({
  name: 'apiKey',
  // Runs once per configuration, at startup: a bad option throws there, not at a request.
  parse(options: ApiKeyOptions): ApiKeyConfig {
    const { plans, blockedWords = [] } = options ?? {};
    if (!isListOfWords(plans) || plans.length === 0) {
      throw configError('apiKey', 'plans', 'must be a non-empty array of plan names', plans);
    }
    if (!isListOfWords(blockedWords)) {
      throw configError('apiKey', 'blockedWords', 'must be an array of words', blockedWords);
    }
    return {
      plans: new Set(plans),
      blockedWords: blockedWords.map((word) => word.toLowerCase()),
    };
  },
  // A per-route override replaces the options it names and keeps the others.
  merge: (parent, override) => ({ ...parent, ...override }),
  // Runs per request: `plan` is this request's state.
  create(config, callbacks) {
    let plan: string | undefined;
    return {
      // The seed's low-level style: return Running, then resume from a callback.
      decodeHeaders(headers, endStream) {
        const key = headers.get('x-api-key');
        if (key === undefined) {
          callbacks.sendLocalReply(401, 'missing x-api-key\n');
          return Status.LocalReply;
        }
        lookupAccount(key, (error, account) => {
          if (error) return callbacks.sendLocalReply(503, 'account service unavailable\n');
          if (account === undefined) return callbacks.sendLocalReply(401, 'unknown API key\n');
          if (!config.plans.has(account.plan)) {
            return callbacks.sendLocalReply(
              403,
              `the ${account.plan} plan cannot use this route\n`,
            );
          }
          plan = account.plan;
          headers.set('x-account', account.name);
          // Collect the whole body for decodeData when there is one to check.
          const checkBody = !endStream && config.blockedWords.length > 0;
          callbacks.continue(checkBody ? Status.StopAndBuffer : Status.Continue);
        });
        return Status.Running;
      },
      // Async by default: the chain awaits the promise; other requests keep flowing meanwhile.
      async decodeData(buffer) {
        if (config.blockedWords.length === 0) return Status.Continue;
        const word = await findBlockedWord(buffer.toString(), config.blockedWords);
        if (word !== undefined) {
          callbacks.sendLocalReply(422, `the body holds a blocked word: ${word}\n`);
          return Status.LocalReply;
        }
        return Status.Continue;
      },
      // The response path: runs on the app's response, before it reaches the client.
      encodeHeaders(headers) {
        if (plan !== undefined) headers.set('x-plan', plan);
      },
    };
  },
});
