import type { IncomingMessage, ServerResponse } from 'node:http';
import type { RequestAuth } from '@streamfilter/core';

/** The parts of Express's `req` the adapter uses (Express 4 and 5 alike). */
export interface ExpressRequest extends IncomingMessage {
  originalUrl?: string;
  baseUrl?: string;
  route?: { path?: unknown };
  query?: unknown;
  app?: { get(setting: string): unknown };
  auth?: RequestAuth;
}

declare global {
  // Express's own declaration-merging point for `req` (as in @types/express).
  namespace Express {
    interface Request {
      /**
       * Who an authentication filter of a streamfilter chain let in (`basicAuth`,
       * `remoteBasicAuth`, `remoteAuth`), whether or not it also sets an identity header.
       * Absent when no such filter authenticated the request.
       */
      auth?: RequestAuth;
    }
  }
}

export type ExpressResponse = ServerResponse;

export type NextFunction = (error?: unknown) => void;
