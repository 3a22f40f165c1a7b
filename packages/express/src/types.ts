import type { IncomingMessage, ServerResponse } from 'node:http';

/** The parts of Express's `req` the adapter uses (Express 4 and 5 alike). */
export interface ExpressRequest extends IncomingMessage {
  originalUrl?: string;
  baseUrl?: string;
  route?: { path?: unknown };
  query?: unknown;
  app?: { get(setting: string): unknown };
}

export type ExpressResponse = ServerResponse;

export type NextFunction = (error?: unknown) => void;
