import { curl, parseCurl } from './curl';
import { type CodeBlock, consoleSteps, replayBlocks } from './markdown';

/** One replayed command: what the document shows, and what the running example printed. */
export interface Replayed {
  where: string;
  command: string;
  expected: string;
  actual: string;
}

const DATE = /^date: .*$/gim;
const CONTENT_LENGTH = /^(content-length:\s*)(\d+)(\r?)$/im;

function normalize(output: string): string {
  return output.replace(/\r\n/g, '\n').replace(DATE, 'Date: <any>').trimEnd();
}

function showPorts(text: string, ports: Record<number, number>): string {
  let shown = text;
  for (const [port, real] of Object.entries(ports)) {
    shown = shown.replaceAll(`127.0.0.1:${real}`, `127.0.0.1:${port}`);
  }
  return shown;
}

/**
 * What curl would have printed had the servers listened on the document's ports. A body that
 * echoes a URL or a Host header changes length with the port, so `Content-Length` follows it.
 */
function asOnShownPorts(output: string, show: string, ports: Record<number, number>): string {
  const end = output.indexOf('\r\n\r\n');
  if (show !== 'headers-and-body' || end < 0) return showPorts(output, ports);
  const head = showPorts(output.slice(0, end + 4), ports);
  const body = output.slice(end + 4);
  const shownBody = showPorts(body, ports);
  const delta = Buffer.byteLength(shownBody) - Buffer.byteLength(body);
  const fixedHead = head.replace(
    CONTENT_LENGTH,
    (_all, name: string, length: string, cr: string) => `${name}${Number(length) + delta}${cr}`,
  );
  return fixedHead + shownBody;
}

/**
 * Runs the curl commands of a console block against running servers, and returns what each
 * printed next to what the block shows. `ports` maps the ports the document uses (8080, 10000)
 * to the ports the servers really listen on; `Date` values are not compared.
 */
export async function replay(block: CodeBlock, ports: Record<number, number>): Promise<Replayed[]> {
  const userAgent = /curl\/\d[\w.]*/.exec(block.text)?.[0];
  const results: Replayed[] = [];
  for (const step of consoleSteps(block)) {
    let command = step.command;
    for (const [shown, real] of Object.entries(ports)) {
      command = command.replaceAll(`127.0.0.1:${shown}`, `127.0.0.1:${real}`);
    }
    const actual = await curl(command, userAgent);
    results.push({
      where: `${block.file}:${block.line}`,
      command: step.command,
      expected: normalize(step.output),
      actual: normalize(asOnShownPorts(actual, parseCurl(command).show, ports)),
    });
  }
  return results;
}

/**
 * Replays every console block marked `<!-- replay: example -->` (or `example; state`) in the
 * documents; throws when there is none, so a marker cannot vanish unnoticed.
 */
export async function replayMarked(
  example: string,
  state: string | undefined,
  ports: Record<number, number>,
): Promise<Replayed[]> {
  const blocks = replayBlocks(example, state);
  const marker = state === undefined ? example : `${example}; ${state}`;
  if (blocks.length === 0) throw new Error(`no block is marked <!-- replay: ${marker} -->`);
  const results: Replayed[] = [];
  for (const block of blocks) results.push(...(await replay(block, ports)));
  return results;
}
