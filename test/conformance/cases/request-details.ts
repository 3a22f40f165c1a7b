import { once } from 'node:events';
import { connect } from 'node:net';
import { expect } from 'chai';
import { filter, until } from '../../support/filters';
import { serve, type Topic } from '../case';

/** What the filters of this topic saw; cleared by each case. */
const seen: unknown[] = [];

const tagLines = filter('tag-lines', () => ({
  decodeHeaders: (headers) => void seen.push(headers.values('x-tag')),
}));

const peer = filter('peer', (callbacks) => ({
  decodeHeaders: () => void seen.push(callbacks.streamInfo.remoteAddress),
}));

const trailers = filter('trailers', () => ({
  decodeData() {},
  decodeTrailers: (map) => void seen.push(map.get('x-checksum')),
}));

/** Sends `head` (and `body`) on a raw connection and reads the status line of the answer. */
async function raw(port: number, head: string, body = ''): Promise<string> {
  const socket = connect(port, '127.0.0.1');
  await once(socket, 'connect');
  socket.write(`${head}\r\n\r\n${body}`);
  let received = '';
  socket.setEncoding('utf8');
  socket.on('data', (chunk: string) => {
    received += chunk;
  });
  await until(() => received.includes('\r\n'));
  socket.destroy();
  return received.slice(0, received.indexOf('\r\n'));
}

/**
 * What a Node server knows of a request and a Fetch `Request` does not carry. Hosts on a Fetch
 * handler report these cases as not applicable, with the capability they lack.
 */
export const requestDetails: Topic = {
  name: 'request details beyond a Fetch Request',
  cases: [
    {
      name: 'shows filters each line of a request header sent several times',
      requires: ['distinctHeaderLines'],
      run: (host) =>
        serve(host, { filters: [tagLines] }, async ({ port }) => {
          seen.length = 0;
          const status = await raw(port, 'GET /text HTTP/1.1\r\nHost: x\r\nX-Tag: a\r\nX-Tag: b');
          expect(status).to.equal('HTTP/1.1 200 OK');
          expect(seen).to.deep.equal([['a', 'b']]);
        }),
    },
    {
      name: "tells filters the client's address in streamInfo.remoteAddress",
      requires: ['remoteAddress'],
      run: (host) =>
        serve(host, { filters: [peer] }, async ({ port }) => {
          seen.length = 0;
          await raw(port, 'GET /text HTTP/1.1\r\nHost: x');
          expect(seen).to.have.length(1);
          expect(seen[0]).to.match(/^(::ffff:)?127\.0\.0\.1$/);
        }),
    },
    {
      name: 'hands request trailers to decodeTrailers',
      requires: ['trailers'],
      run: (host) =>
        serve(host, { filters: [trailers] }, async ({ port }) => {
          seen.length = 0;
          const head =
            'POST /echo HTTP/1.1\r\nHost: x\r\nContent-Type: text/plain\r\nTransfer-Encoding: chunked\r\nTrailer: X-Checksum';
          const status = await raw(port, head, '3\r\nabc\r\n0\r\nX-Checksum: 900150983cd2\r\n\r\n');
          expect(status).to.equal('HTTP/1.1 200 OK');
          expect(seen).to.deep.equal(['900150983cd2']);
        }),
    },
  ],
};
