import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { expect } from 'chai';
import { parseCurl, shellWords } from './support/curl';
import {
  type CodeBlock,
  codeBlocks,
  consoleSteps,
  documents,
  PRINTED_BY_TESTS,
  REPLAYED,
  ROOT,
} from './support/markdown';

/**
 * Keeps the documentation honest. Every fenced block of the README files is one of:
 * - `ts`: appears verbatim (indentation aside) in a file that tests or examples run and `tsc -b`
 *   typechecks: `examples/<name>/src/**` or `test/readme/**`;
 * - `sh`: npm commands whose scripts, workspaces and environment variables exist;
 * - `console`: a curl session under a `<!-- replay: example -->` marker, which the example's
 *   end-to-end test replays against the running example, output compared byte for byte;
 * - `text`: what an example printed, under a `<!-- printed: example; what -->` marker, which the
 *   example's end-to-end test regenerates and compares (times aside).
 * Anything else fails here, so no block can rot unnoticed.
 */

function filesUnder(dir: string): string[] {
  return readdirSync(path.join(ROOT, dir), { recursive: true, encoding: 'utf8' })
    .filter((name) => name.endsWith('.ts'))
    .map((name) => path.join(dir, name));
}

const TESTED_SOURCES = [
  ...readdirSync(path.join(ROOT, 'examples')).flatMap((name) =>
    filesUnder(path.join('examples', name, 'src')),
  ),
  ...filesUnder('test/readme'),
].map((file) => ({ file, lines: readFileSync(path.join(ROOT, file), 'utf8').split('\n') }));

const indentOf = (line: string) => /^\s*/.exec(line)![0];

/** The file where `snippet` appears as whole lines, each with one same extra indentation. */
function findVerbatim(snippet: string): string | undefined {
  const want = snippet.split('\n');
  const first = want[0]!;
  for (const { file, lines } of TESTED_SOURCES) {
    for (let i = 0; i + want.length <= lines.length; i++) {
      const line = lines[i]!;
      if (!line.endsWith(first) || line.trim() !== first.trim()) continue;
      const extra = indentOf(line).slice(0, indentOf(line).length - indentOf(first).length);
      const same = want.every((w, j) => {
        const have = lines[i + j]!;
        return w === '' ? have.trim() === '' : have === extra + w;
      });
      if (same) return file;
    }
  }
  return undefined;
}

function packageJson(dir: string): { scripts?: Record<string, string>; name?: string } {
  return JSON.parse(readFileSync(path.join(ROOT, dir, 'package.json'), 'utf8'));
}

const ROOT_PACKAGE = packageJson('.') as {
  scripts: Record<string, string>;
  workspaces: string[];
  devDependencies: Record<string, string>;
};
const OUR_PACKAGES = readdirSync(path.join(ROOT, 'packages'))
  .filter((name) => existsSync(path.join(ROOT, 'packages', name, 'package.json')))
  .map((name) => packageJson(path.join('packages', name)).name);

/** Checks one `npm ...` command (after its env prefixes) and returns what is wrong, if anything. */
function checkNpmCommand(words: string[], env: string[]): string | undefined {
  if (words[0] !== 'npm') return `only npm commands belong in sh blocks, got "${words[0]}"`;
  const at = words.indexOf('--workspace');
  const workspace = at >= 0 ? words[at + 1] : undefined;
  if (workspace !== undefined && !/^examples\/[\w-]+$|^packages\/\w+$/.test(workspace)) {
    return `unknown workspace ${workspace}`;
  }
  const rest = at >= 0 ? [...words.slice(1, at), ...words.slice(at + 2)] : words.slice(1);
  const [verb, ...args] = rest;
  const scripts = workspace ? (packageJson(workspace).scripts ?? {}) : ROOT_PACKAGE.scripts;
  let script: string | undefined;
  if (verb === 'install' || verb === 'ci') {
    const known = [...OUR_PACKAGES, ...Object.keys(ROOT_PACKAGE.devDependencies)];
    const unknown = args.filter((arg) => !arg.startsWith('-') && !known.includes(arg));
    if (unknown.length > 0) return `npm install of unknown packages: ${unknown.join(' ')}`;
  } else if (verb === 'start' || verb === 'test') {
    script = verb;
  } else if (verb === 'run') {
    script = args[0];
  } else {
    return `unexpected npm command "${verb}"`;
  }
  if (script !== undefined && scripts[script] === undefined) {
    return `no "${script}" script in ${workspace ?? 'the root'} package.json`;
  }
  // Environment variables must be read by the example the command starts (or by the support
  // code every example starts through).
  const target =
    workspace ?? (script === 'start' ? 'examples/remote-basic-auth' : undefined) ?? undefined;
  for (const name of env) {
    const sources = target
      ? [...filesUnder(path.join(target, 'src')), ...filesUnder('examples/support/src')]
      : [];
    const read = sources.some((file) =>
      readFileSync(path.join(ROOT, file), 'utf8').includes(`'${name}'`),
    );
    if (!read) return `${name} is not read by ${target ?? 'this command'}`;
  }
  return undefined;
}

function checkShell(block: CodeBlock): string[] {
  const problems: string[] = [];
  for (const raw of block.text.split('\n')) {
    const line = raw.replace(/\s+#.*$/, '').trim();
    if (line === '' || line.startsWith('#')) continue;
    for (const part of line.split('&&')) {
      const words = shellWords(part.trim());
      const env: string[] = [];
      while (/^[A-Z_]+=/.test(words[0] ?? '')) env.push(words.shift()!.split('=')[0]!);
      const problem = checkNpmCommand(words, env);
      if (problem !== undefined) problems.push(`${part.trim()}: ${problem}`);
    }
  }
  return problems;
}

function checkConsole(block: CodeBlock): string[] {
  if (block.replay === undefined) return ['needs a <!-- replay: example --> comment above it'];
  const marker = block.replay.state
    ? `${block.replay.example}; ${block.replay.state}`
    : block.replay.example;
  if (!(REPLAYED as readonly string[]).includes(marker)) {
    return [`no test replays "${marker}" (known: ${REPLAYED.join(', ')})`];
  }
  return consoleSteps(block).flatMap((step) => {
    try {
      parseCurl(step.command);
    } catch (error) {
      return [(error as Error).message];
    }
    return step.output.trim() === '' ? [`no output shown for: ${step.command}`] : [];
  });
}

describe('README code blocks are kept honest', () => {
  for (const file of documents()) {
    describe(file, () => {
      if (!existsSync(path.join(ROOT, file))) {
        it('exists', () =>
          expect.fail(`${file} is missing: every package and example has a README`));
        return;
      }
      const blocks = codeBlocks(file);

      it('has code blocks only in ts, sh, console or text', () => {
        const other = blocks.filter((b) => !['ts', 'sh', 'console', 'text'].includes(b.lang));
        expect(other.map((b) => `${file}:${b.line} "${b.lang}"`)).to.deep.equal([]);
      });

      for (const block of blocks) {
        const where = `${file}:${block.line}`;
        if (block.lang === 'ts') {
          it(`${where}: the ts block appears verbatim in a tested source`, () => {
            const found = findVerbatim(block.text);
            expect(found, `${where}: copy it from (or into) examples/*/src or test/readme`).to.be.a(
              'string',
            );
          });
        } else if (block.lang === 'sh') {
          it(`${where}: the sh block runs existing scripts with variables that are read`, () => {
            expect(checkShell(block)).to.deep.equal([]);
          });
        } else if (block.lang === 'console') {
          it(`${where}: the console block is a curl session some test replays`, () => {
            expect(checkConsole(block)).to.deep.equal([]);
          });
        } else if (block.lang === 'text') {
          it(`${where}: the text block is output some test regenerates`, () => {
            expect(
              block.printed,
              `${where}: needs a <!-- printed: example; what --> comment`,
            ).to.be.oneOf([...PRINTED_BY_TESTS]);
          });
        }
      }
    });
  }

  it('README.md Quick start is exactly the two commands of a fresh clone', () => {
    const readme = readFileSync(path.join(ROOT, 'README.md'), 'utf8');
    const start = readme.indexOf('## Quick start');
    const quick = codeBlocks('README.md').filter((b) => b.lang === 'sh')[0];
    expect(start).to.be.greaterThan(-1);
    expect(quick?.text).to.equal('npm install && npm start\nnpm install && npm test');
  });
});
