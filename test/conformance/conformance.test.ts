import type { Topic } from './case';
import { lifecycle } from './cases/lifecycle';
import { localReply } from './cases/local-reply';
import { remoteBasicAuthSession } from './cases/remote-basic-auth';
import { requestBody } from './cases/request-body';
import { requestDetails } from './cases/request-details';
import { requestHeaders } from './cases/request-headers';
import { response } from './cases/response';
import { trustedRequest } from './cases/trusted-request';
import { HOSTS } from './hosts';

/**
 * Every case on every host. A case that needs what a host cannot do is reported pending,
 * titled "not applicable on <host>: ...", so the gap shows in every run.
 */
const TOPICS: readonly Topic[] = [
  requestHeaders,
  localReply,
  requestBody,
  response,
  lifecycle,
  remoteBasicAuthSession,
  trustedRequest,
  requestDetails,
];

for (const topic of TOPICS) {
  describe(`conformance: ${topic.name}`, () => {
    if (topic.before) before(() => topic.before?.());
    if (topic.after) after(() => topic.after?.());
    for (const host of HOSTS) {
      describe(host.name, () => {
        for (const testCase of topic.cases) {
          const missing = (testCase.requires ?? []).filter((need) => !host.capabilities[need]);
          if (missing.length > 0) {
            it(`not applicable on ${host.name} (no ${missing.join(', ')}): ${testCase.name}`);
            continue;
          }
          it(testCase.name, () => testCase.run(host));
        }
      });
    }
  });
}
