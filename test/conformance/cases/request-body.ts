import { Status } from '@streamfilter/core';
import { expect } from 'chai';
import request from 'supertest';
import { delay, filter } from '../../support/filters';
import { serve, type Topic } from '../case';
import type { Echo } from '../host';

/** What `watch` saw, per request: each chunk, and whether it ended the body. */
const watched: Array<[string, boolean]> = [];

const watch = filter('watch', () => ({
  decodeData(buffer, endStream) {
    watched.push([buffer.toString(), endStream]);
  },
}));

const redact = filter('redact', () => ({
  decodeHeaders: () => Status.StopAndBuffer,
  decodeData(buffer) {
    const body = JSON.parse(buffer.toString());
    body.password = '[redacted]';
    buffer.set(JSON.stringify(body));
  },
}));

const wholeBody = filter('whole-body', () => ({
  decodeHeaders: () => Status.StopAndBuffer,
  decodeData() {},
}));

export const requestBody: Topic = {
  name: 'request body',
  cases: [
    {
      name: 'streams each chunk through the data hooks as it arrives, and the app parses it unchanged',
      run: (host) =>
        serve(host, { filters: [watch] }, async ({ url }) => {
          watched.length = 0;
          const test = request(url).post('/echo').set('content-type', 'text/plain');
          test.write('abc');
          await delay(20);
          test.write('déf');
          const res = await test.expect(200);
          expect((res.body as Echo).body).to.equal('abcdéf');
          expect(watched.map(([chunk]) => chunk).join('')).to.equal('abcdéf');
          expect(watched.length).to.be.greaterThan(1);
          expect(watched.at(-1)?.[1]).to.equal(true);
        }),
    },
    {
      name: "feeds the framework's own JSON parser the body a StopAndBuffer filter rewrote",
      run: (host) =>
        serve(host, { filters: [redact] }, async ({ url }) => {
          const res = await request(url)
            .post('/echo')
            .send({ user: 'ann', password: 'hunter2' })
            .expect(200);
          const echo = res.body as Echo;
          expect(echo.body).to.deep.equal({ user: 'ann', password: '[redacted]' });
          expect(echo.headers['content-length']).to.equal(
            String(Buffer.byteLength(JSON.stringify(echo.body))),
          );
        }),
    },
    {
      name: 'answers 413 when a buffered body passes maxRequestBodyBytes, without running the handler',
      run: (host) =>
        serve(
          host,
          { filters: [wholeBody], options: { maxRequestBodyBytes: 16 } },
          async ({ url, handled }) => {
            await request(url).post('/echo').send({ fits: 'yes' }).expect(200);
            await request(url)
              .post('/echo')
              .send({ tooLong: 'x'.repeat(64) })
              .expect(413);
            expect(handled).to.deep.equal(['POST /echo']);
          },
        ),
    },
  ],
};
