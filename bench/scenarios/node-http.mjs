// 8. @streamfilter/node's withFilters around a bare node:http listener, in process
// (bench/node-http.mjs): where the chain's own cost per request shows, next to raw node:http.
import { inProcessScenario } from '../lib/in-process-scenario.mjs';

export default inProcessScenario({
  name: 'node-http',
  title: 'node:http: withFilters vs the bare listener, in process (no sockets)',
  script: 'node-http.mjs',
  packages: ['@streamfilter/node'],
});
