import type { BasicAuthCommon } from '../shared/basic-replies';
import type { BasicAuthAuthorizer, BasicAuthStats } from './options';
import type { UserTable } from './user-table';

/** `basicAuth`'s options, validated. */
export interface BasicAuthConfig extends BasicAuthCommon {
  readonly users: UserTable | undefined;
  readonly authorizer: BasicAuthAuthorizer | undefined;
  readonly stats: BasicAuthStats;
}
