import type { DecisionCache } from '../remote/decision-cache';
import type { BasicAuthCommon } from '../shared/basic-replies';
import type { CheckCredentials } from './auth-client';
import type { RemoteBasicAuthStats } from './options';

/** `remoteBasicAuth`'s options, validated, with the client and cache requests share. */
export interface RemoteBasicAuthConfig extends BasicAuthCommon {
  readonly url: string;
  readonly timeoutMs: number;
  readonly failureStatus: number;
  readonly failOpen: boolean;
  readonly failOpenHeader: string;
  readonly maxResponseBytes: number;
  readonly copyResponseHeaders: readonly string[];
  readonly forwardHeaders: readonly string[];
  /** Headers only this filter may set: client-sent copies are removed from every request. */
  readonly protectedHeaders: readonly string[];
  readonly check: CheckCredentials;
  readonly cache: DecisionCache | undefined;
  readonly stats: RemoteBasicAuthStats;
}
