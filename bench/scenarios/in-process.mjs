// 7. Per-request cost with no sockets (bench/in-process.mjs): the Express and auth comparisons
// again, in one process, where the noise of a shared machine is a few percent, not ten.
import { inProcessScenario } from '../lib/in-process-scenario.mjs';

export default inProcessScenario({
  name: 'in-process',
  title: 'Per-request cost in process (no sockets)',
  script: 'in-process.mjs',
  packages: ['@streamfilter/filters', '@streamfilter/opentelemetry', '@streamfilter/prometheus'],
  digits: 1,
  delta: false,
});
