import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

/** The repository root. */
export const ROOT = path.resolve(__dirname, '..', '..');

/** One fenced code block of a Markdown file. */
export interface CodeBlock {
  /** The file, relative to the repository root. */
  file: string;
  /** 1-based line of the opening fence. */
  line: number;
  /** The info string's first word: `ts`, `sh`, `console`, ... (`''` when none). */
  lang: string;
  /** The block's content, without the fences, ending without a newline. */
  text: string;
  /** From a `<!-- replay: NAME -->` or `<!-- replay: NAME; STATE -->` comment right above. */
  replay: { example: string; state: string | undefined } | undefined;
  /** From a `<!-- printed: NAME; WHAT -->` comment right above: what an example printed. */
  printed: string | undefined;
}

const FENCE = /^(`{3,}|~{3,})\s*([^\s`]*)/;
const REPLAY = /^<!--\s*replay:\s*([\w-]+)\s*(?:;\s*([^>]*?))?\s*-->$/;
const PRINTED = /^<!--\s*printed:\s*([\w-]+\s*;\s*[^>]*?)\s*-->$/;

/** Every fenced code block of `file` (relative to the repository root), in order. */
export function codeBlocks(file: string): CodeBlock[] {
  const lines = readFileSync(path.join(ROOT, file), 'utf8').split('\n');
  const blocks: CodeBlock[] = [];
  let lastText = '';
  for (let i = 0; i < lines.length; i++) {
    const open = FENCE.exec(lines[i]!);
    if (open === null) {
      if (lines[i]!.trim() !== '') lastText = lines[i]!.trim();
      continue;
    }
    const fence = open[1]!;
    const body: string[] = [];
    let j = i + 1;
    while (j < lines.length && !lines[j]!.startsWith(fence)) body.push(lines[j++]!);
    if (j === lines.length) throw new Error(`${file}:${i + 1}: code block never closed`);
    const marker = REPLAY.exec(lastText);
    blocks.push({
      file,
      line: i + 1,
      lang: open[2] ?? '',
      text: body.join('\n'),
      replay: marker ? { example: marker[1]!, state: marker[2] || undefined } : undefined,
      printed: PRINTED.exec(lastText)?.[1]?.replace(/\s*;\s*/, '; '),
    });
    lastText = '';
    i = j;
  }
  return blocks;
}

/** One `$ command` of a console block, with the output printed after it. */
export interface ConsoleStep {
  command: string;
  output: string;
}

/** Splits a console block into commands (`$ ` lines) and the output under each. */
export function consoleSteps(block: CodeBlock): ConsoleStep[] {
  const steps: ConsoleStep[] = [];
  for (const line of block.text.split('\n')) {
    if (line.startsWith('$ ')) steps.push({ command: line.slice(2), output: '' });
    else if (steps.length === 0)
      throw new Error(`${block.file}:${block.line}: output before a "$ " command`);
    else steps[steps.length - 1]!.output += `${line}\n`;
  }
  return steps;
}

/** The documents whose code blocks are kept honest by the tests. */
export function documents(): string[] {
  const examples = readdirSync(path.join(ROOT, 'examples'), { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => `examples/${entry.name}/README.md`);
  const packages = readdirSync(path.join(ROOT, 'packages'), { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => `packages/${entry.name}/README.md`);
  return ['README.md', ...packages, ...examples];
}

/** Every console block marked `<!-- replay: example -->` (or `; state`) in the documents. */
export function replayBlocks(example: string, state?: string): CodeBlock[] {
  return documents()
    .filter((file) => existsSync(path.join(ROOT, file))) // a missing one fails the README test
    .flatMap((file) => codeBlocks(file))
    .filter((block) => block.replay?.example === example && block.replay.state === state);
}

/**
 * The replay markers some test replays: `example` or `example; state`. A marker outside this
 * list would be replayed by nobody, so the README test refuses it.
 */
export const REPLAYED = [
  'remote-basic-auth',
  'remote-basic-auth; auth service stopped',
  'remote-basic-auth; scrape',
  'remote-basic-auth-fastify',
  'remote-basic-auth-fastify; auth service stopped',
  'remote-basic-auth; trace',
  'remote-basic-auth-node',
  'remote-basic-auth-node; auth service stopped',
  'custom-filter',
  'basic-auth',
  'nginx-forward-auth',
  'nginx-forward-auth; auth service stopped',
] as const;

/** The `text` block marked `<!-- printed: NAME -->` in the documents; throws unless just one. */
export function printedBlock(marker: (typeof PRINTED_BY_TESTS)[number]): CodeBlock {
  const blocks = documents()
    .filter((file) => existsSync(path.join(ROOT, file)))
    .flatMap((file) => codeBlocks(file))
    .filter((block) => block.printed === marker);
  if (blocks.length !== 1) {
    throw new Error(`expected one block marked <!-- printed: ${marker} -->, got ${blocks.length}`);
  }
  return blocks[0]!;
}

/**
 * The `printed` markers some test regenerates: a `text` block under such a marker shows what an
 * example printed (not a curl session), and that test compares it with the real output.
 */
export const PRINTED_BY_TESTS = ['remote-basic-auth; trace', 'readme; slow filter log'] as const;
