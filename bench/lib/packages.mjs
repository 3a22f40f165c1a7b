// Whether a workspace package has been built: the servers import its dist, not its source.
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

/** Throws a clear error when `name` cannot be imported from its built dist. */
export function requireBuilt(name) {
  let entry;
  try {
    entry = require.resolve(name);
  } catch {
    entry = undefined;
  }
  if (entry === undefined || !existsSync(entry)) {
    throw new Error(`${name} is not built (run \`npm run build\`, or \`npm run bench\`)`);
  }
}
