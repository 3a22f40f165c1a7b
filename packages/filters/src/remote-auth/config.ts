import type { LocalReplyHeaders } from '@streamfilter/core';
import type { DecisionCache } from '../remote/decision-cache';
import type { CheckRequest } from './check-client';
import type { ForwardMethodAndPath, RemoteAuthStats } from './options';

/** `remoteAuth`'s options, validated, with the client and cache requests share. */
export interface RemoteAuthConfig {
  readonly url: string;
  readonly allowedHeaders: readonly string[];
  readonly forwardMethodAndPath: ForwardMethodAndPath;
  readonly forwardBody: boolean;
  readonly maxBodyBytes: number;
  readonly upstreamHeaders: readonly string[];
  readonly clientHeaders: readonly string[];
  readonly userHeader: string | undefined;
  readonly timeoutMs: number;
  readonly maxResponseBytes: number;
  readonly failureStatus: number;
  /** Sent with `failureStatus`: `Retry-After`, if any. */
  readonly failureHeaders: LocalReplyHeaders;
  readonly failOpen: boolean;
  readonly failOpenHeader: string;
  readonly allowPreflight: boolean;
  /** Headers only this filter may set: client-sent copies are removed from every request. */
  readonly protectedHeaders: readonly string[];
  readonly check: CheckRequest;
  readonly cache: DecisionCache | undefined;
  readonly stats: RemoteAuthStats;
}
