import { configError, type LocalReplyHeaders } from '@streamfilter/core';
import type { AuthRequest } from './auth-request';

/** Why a request is answered 401: no credentials, malformed ones, or refused ones. */
export type UnauthorizedReason = 'missing' | 'invalid' | 'denied';

/** A 401 body: a string is sent as is (`text/plain`), an object as JSON (`application/json`). */
export type UnauthorizedBody = string | object;

/** The `unauthorizedResponse` option: a body, or a function of the request and the reason. */
export type UnauthorizedResponse =
  | UnauthorizedBody
  | ((
      request: AuthRequest,
      reason: UnauthorizedReason,
    ) => UnauthorizedBody | Promise<UnauthorizedBody>);

/** A 401's body and its content type, ready for `sendLocalReply`. */
export interface ReplyBody {
  readonly body: string;
  readonly headers: LocalReplyHeaders;
}

// A string gets the local reply's own `text/plain; charset=utf-8` (none when empty).
const NO_HEADERS: LocalReplyHeaders = Object.freeze({});
const JSON_TYPE = 'application/json; charset=utf-8';
const RULE = 'must be a string, an object (sent as JSON), or a function returning one';

/** A body as it goes on the wire; throws (naming `what`) if it is neither a string nor an object. */
export function replyBody(filter: string, what: string, value: unknown): ReplyBody {
  if (typeof value === 'string') return { body: value, headers: NO_HEADERS };
  if (value !== null && typeof value === 'object') {
    let body: string | undefined;
    try {
      body = JSON.stringify(value);
    } catch {
      body = undefined;
    }
    if (body !== undefined) return { body, headers: { 'content-type': JSON_TYPE } };
  }
  throw configError(filter, 'unauthorizedResponse', `${what} (JSON-serializable)`, value);
}

/** Validates `unauthorizedResponse` once: a fixed body is rendered now, a function kept. */
export function parseUnauthorizedResponse(
  filter: string,
  value: unknown,
): ReplyBody | UnauthorizedResponseFunction | undefined {
  if (value === undefined) return undefined;
  if (typeof value === 'function') return value as UnauthorizedResponseFunction;
  return replyBody(filter, RULE, value);
}

export type UnauthorizedResponseFunction = Extract<
  UnauthorizedResponse,
  (...args: never) => unknown
>;
