import { configError } from '@streamfilter/core';
import { parseBasicReplyOptions } from '../shared/basic-options';
import { hasControlCharacter } from '../shared/control-characters';
import { checkOptionsObject } from '../shared/option-checks';
import type { BasicAuthConfig } from './config';
import { BASIC_OPTION_NAMES, type BasicAuthAuthorizer, type BasicAuthStats } from './options';
import { UserTable } from './user-table';

const FILTER = 'basicAuth';
const NO_CALLBACKS =
  'is not supported, nor are callback-style authorizers: make "authorizer" return a boolean or a promise of one (e.g. an async function)';

function parseUsers(value: unknown): UserTable | undefined {
  if (value === undefined) return undefined;
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw configError(FILTER, 'users', 'must be an object of { username: password }', value);
  }
  for (const [username, password] of Object.entries(value)) {
    if (username.includes(':') || hasControlCharacter(username)) {
      throw configError(
        FILTER,
        'users',
        'must not hold a username with ":" or a control character',
        username,
      );
    }
    if (typeof password !== 'string' || hasControlCharacter(password)) {
      throw configError(
        FILTER,
        `users.${username}`,
        'must be a password string without control characters',
        password,
      );
    }
  }
  return new UserTable(value as Record<string, string>);
}

function parseAuthorizer(value: unknown): BasicAuthAuthorizer | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'function') {
    throw configError(
      FILTER,
      'authorizer',
      'must be a function (username, password, request) => boolean | Promise<boolean>',
      value,
    );
  }
  return value as BasicAuthAuthorizer;
}

/** Validates `basicAuth` options once, at startup. */
export function parseBasicOptions(options: unknown, stats: BasicAuthStats): BasicAuthConfig {
  if (options !== null && typeof options === 'object' && 'authorizeAsync' in options) {
    // express-basic-auth's switch to (username, password, cb): say what to write instead.
    throw configError(FILTER, 'authorizeAsync', NO_CALLBACKS, options.authorizeAsync);
  }
  checkOptionsObject(FILTER, options, BASIC_OPTION_NAMES);
  const users = parseUsers(options.users);
  const authorizer = parseAuthorizer(options.authorizer);
  if (authorizer === undefined && (users === undefined || users.size === 0)) {
    throw configError(
      FILTER,
      'users',
      'must name at least one user (or give "authorizer")',
      options.users,
    );
  }
  return {
    ...parseBasicReplyOptions(FILTER, options),
    users,
    authorizer,
    stats,
  };
}
