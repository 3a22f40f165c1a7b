import type { FilterManager } from './filter-manager';
import type { Status } from './status';
import type { StreamInfo } from './stream-info';
import type { FilterCallbacks, LocalReplyHeaders, LogLevel } from './types';

/** The callbacks one filter of one stream holds; every call is routed to its manager. */
export class StreamFilterCallbacks implements FilterCallbacks {
  readonly #manager: FilterManager;
  readonly #index: number;

  constructor(manager: FilterManager, index: number) {
    this.#manager = manager;
    this.#index = index;
  }

  get filterName(): string {
    return this.#manager.chain.filters[this.#index]!.name;
  }

  continue(status?: Status): void {
    this.#manager.continueFrom(this.#index, status);
  }

  sendLocalReply(
    code: number,
    body?: string | Uint8Array,
    headers?: LocalReplyHeaders,
    grpcStatus?: number,
    details?: string,
  ): void {
    this.#manager.localReplyFrom(this.#index, code, body, headers, grpcStatus, details);
  }

  get streamInfo(): StreamInfo {
    return this.#manager.streamInfo;
  }

  get signal(): AbortSignal {
    return this.#manager.signal;
  }

  log(level: LogLevel, message: string): void {
    this.#manager.chain.logger(level, message, { filter: this.filterName });
  }
}
