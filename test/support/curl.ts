import net from 'node:net';

/** What a `curl` command line asks for; only the flags the READMEs use. */
export interface CurlCommand {
  method: string;
  url: URL;
  /** `-i`: print the status line and headers before the body. `-I`: HEAD, headers only. */
  show: 'body' | 'headers-and-body' | 'headers';
  headers: Array<[string, string]>;
  user: string | undefined;
  data: string | undefined;
}

/** Splits a shell command line into words: single and double quotes, no expansions. */
export function shellWords(line: string): string[] {
  const words: string[] = [];
  let word: string | undefined;
  for (let i = 0; i < line.length; i++) {
    const c = line[i]!;
    if (c === "'" || c === '"') {
      const end = line.indexOf(c, i + 1);
      if (end < 0) throw new Error(`unclosed quote: ${line}`);
      word = (word ?? '') + line.slice(i + 1, end);
      i = end;
    } else if (c === ' ' || c === '\t') {
      if (word !== undefined) words.push(word);
      word = undefined;
    } else {
      word = (word ?? '') + c;
    }
  }
  if (word !== undefined) words.push(word);
  return words;
}

/** Parses `curl -s [-i|-I] [-X M] [-H 'n: v']... [-u u:p] [-d data] URL`; throws on anything else. */
export function parseCurl(line: string): CurlCommand {
  const words = shellWords(line);
  if (words.shift() !== 'curl') throw new Error(`not a curl command: ${line}`);
  let method: string | undefined;
  let show: CurlCommand['show'] = 'body';
  let url: URL | undefined;
  let user: string | undefined;
  let data: string | undefined;
  const headers: Array<[string, string]> = [];
  while (words.length > 0) {
    const word = words.shift()!;
    const value = () => {
      const next = words.shift();
      if (next === undefined) throw new Error(`${word} needs a value: ${line}`);
      return next;
    };
    if (word === '-s') continue;
    if (word === '-i') show = 'headers-and-body';
    else if (word === '-I') show = 'headers';
    else if (word === '-X') method = value();
    else if (word === '-u') user = value();
    else if (word === '-d') data = value();
    else if (word === '-H') {
      const header = value();
      const colon = header.indexOf(':');
      headers.push([header.slice(0, colon), header.slice(colon + 1).trim()]);
    } else if (!word.startsWith('-') && url === undefined) url = new URL(word);
    else throw new Error(`unsupported curl argument ${word}: ${line}`);
  }
  if (url === undefined) throw new Error(`no URL: ${line}`);
  method ??= show === 'headers' ? 'HEAD' : data !== undefined ? 'POST' : 'GET';
  return { method, url, show, headers, user, data };
}

/** The request bytes curl 7.88 sends for `command`, headers in curl's order. */
export function requestBytes(command: CurlCommand, userAgent: string): Buffer {
  const { url, data } = command;
  const lines = [`${command.method} ${url.pathname}${url.search} HTTP/1.1`, `Host: ${url.host}`];
  if (command.user !== undefined) {
    lines.push(`Authorization: Basic ${Buffer.from(command.user).toString('base64')}`);
  }
  lines.push(`User-Agent: ${userAgent}`, 'Accept: */*');
  for (const [name, value] of command.headers) lines.push(`${name}: ${value}`);
  if (data !== undefined) {
    lines.push(`Content-Length: ${Buffer.byteLength(data)}`);
    if (!command.headers.some(([name]) => name.toLowerCase() === 'content-type')) {
      lines.push('Content-Type: application/x-www-form-urlencoded');
    }
  }
  return Buffer.from(`${lines.join('\r\n')}\r\n\r\n${data ?? ''}`);
}

interface RawResponse {
  head: string;
  body: Buffer;
}

/** Reads one response off `socket`: the head as received, and the body by its framing. */
function readResponse(socket: net.Socket, method: string): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    let received = Buffer.alloc(0);
    const done = (response: RawResponse) => {
      socket.destroy();
      resolve(response);
    };
    const parse = (closed: boolean) => {
      const end = received.indexOf('\r\n\r\n');
      if (end < 0)
        return closed ? reject(new Error('connection closed before a response')) : undefined;
      const head = received.subarray(0, end + 2).toString('latin1');
      const rest = received.subarray(end + 4);
      const status = Number(head.split(' ')[1]);
      const header = (name: string) => new RegExp(`^${name}:\\s*(.*)\\r$`, 'im').exec(head)?.[1];
      if (method === 'HEAD' || status === 204 || status === 304)
        return done({ head, body: Buffer.alloc(0) });
      const length = header('content-length');
      if (length !== undefined) {
        if (rest.length >= Number(length)) done({ head, body: rest.subarray(0, Number(length)) });
        return;
      }
      if (/chunked/i.test(header('transfer-encoding') ?? '')) {
        const chunks: Buffer[] = [];
        let at = 0;
        for (;;) {
          const eol = rest.indexOf('\r\n', at);
          if (eol < 0) return;
          const size = Number.parseInt(rest.subarray(at, eol).toString(), 16);
          if (size === 0) return done({ head, body: Buffer.concat(chunks) });
          if (rest.length < eol + 2 + size + 2) return;
          chunks.push(rest.subarray(eol + 2, eol + 2 + size));
          at = eol + 2 + size + 2;
        }
      }
      if (closed) done({ head, body: rest });
    };
    socket.on('data', (chunk: Buffer) => {
      received = Buffer.concat([received, chunk]);
      parse(false);
    });
    socket.on('end', () => parse(true));
    socket.on('error', reject);
  });
}

/**
 * Runs a curl command line over a raw socket, sending what curl sends, and returns what
 * `curl -s` would print: the body, with `-i` the head before it, with `-I` the head alone.
 */
export async function curl(line: string, userAgent = 'curl/7.88.1'): Promise<string> {
  const command = parseCurl(line);
  if (command.url.protocol !== 'http:') throw new Error(`only http:// URLs: ${line}`);
  const socket = net.connect(Number(command.url.port || 80), command.url.hostname);
  const response = readResponse(socket, command.method);
  socket.write(requestBytes(command, userAgent));
  const { head, body } = await response;
  if (command.show === 'body') return body.toString('utf8');
  if (command.show === 'headers') return `${head}\r\n`;
  return `${head}\r\n${body.toString('utf8')}`;
}
