import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';

const SEARCH_PATH = [process.env.PATH ?? '', '/usr/sbin', '/usr/local/sbin', '/sbin']
  .join(delimiter)
  .split(delimiter)
  .filter(Boolean);

/**
 * The absolute path of a program a test needs as a real peer (nginx, redis-server). When it is
 * missing the test fails, naming the Debian package that provides it: a missing peer never
 * lets a test pass silently.
 */
export function systemBinary(program: string, debianPackage: string): string {
  for (const dir of SEARCH_PATH) {
    const candidate = join(dir, program);
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {}
  }
  throw new Error(
    `${program} is not installed; this test runs a real ${program}. ` +
      `Install it with: apt-get update && apt-get install -y ${debianPackage}`,
  );
}
