import { Status } from '@streamfilter/core';
import { expect } from 'chai';
import request from 'supertest';
import { filter } from '../../support/filters';
import { type Case, serve, type Topic } from '../case';
import { APP } from '../host';

const restatus = filter('restatus', () => ({
  encodeHeaders(headers) {
    if (headers.status === 200) headers.setStatus(203);
    headers.set('x-filtered', 'yes');
  },
}));

const shout = filter('shout', () => ({
  encodeData(buffer) {
    buffer.set(buffer.toString().toUpperCase());
  },
}));

const wrapWhole = filter('wrap-whole', () => ({
  encodeHeaders: () => Status.StopAndBuffer,
  encodeData(buffer) {
    buffer.set(`<<${buffer.toString()}>>`);
  },
}));

/** The three kinds of response a framework sends, and their bodies before any filter. */
const KINDS = [
  { kind: 'plain', path: '/text', body: APP.text },
  { kind: 'JSON', path: '/json', body: JSON.stringify(APP.json) },
  { kind: 'streamed', path: '/stream', body: APP.stream.join('') },
] as const;

function expectLengthRight(res: request.Response): void {
  const length = res.headers['content-length'];
  if (length !== undefined) expect(length).to.equal(String(Buffer.byteLength(res.body as string)));
}

const cases = KINDS.flatMap(({ kind, path, body }): Case[] => [
  {
    name: `lets encode hooks change the status and headers of a ${kind} response`,
    run: (host) =>
      serve(host, { filters: [restatus] }, async ({ url }) => {
        const res = await request(url).get(path).buffer(true).parse(text).expect(203);
        expect(res.body).to.equal(body);
        expect(res.headers['x-filtered']).to.equal('yes');
      }),
  },
  {
    name: `transforms each chunk of a ${kind} response, with a right content-length`,
    run: (host) =>
      serve(host, { filters: [shout] }, async ({ url }) => {
        const res = await request(url).get(path).buffer(true).parse(text).expect(200);
        expect(res.body).to.equal(body.toUpperCase());
        expectLengthRight(res);
      }),
  },
  {
    name: `hands the whole ${kind} body to a StopAndBuffer encode hook once`,
    run: (host) =>
      serve(host, { filters: [wrapWhole] }, async ({ url }) => {
        const res = await request(url).get(path).buffer(true).parse(text).expect(200);
        expect(res.body).to.equal(`<<${body}>>`);
        expectLengthRight(res);
      }),
  },
]);

/** Reads any body as text, so a JSON body changed into invalid JSON can still be compared. */
function text(res: request.Response, done: (error: Error | null, body: string) => void): void {
  let body = '';
  res.setEncoding('utf8');
  res.on('data', (chunk: string) => {
    body += chunk;
  });
  res.on('end', () => done(null, body));
}

export const response: Topic = { name: 'response', cases };
