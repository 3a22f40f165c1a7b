import { once } from 'node:events';
import { connect } from 'node:net';
import { type DestroyReason, FILTER_ERROR_BODY, type Logger, Status } from '@streamfilter/core';
import { expect } from 'chai';
import request from 'supertest';
import { delay, filter, until } from '../../support/filters';
import { serve, type Topic } from '../case';

/** What the filters of this topic saw, per request; cleared by each case. */
const events: string[] = [];
const logLines: string[] = [];
const logger: Logger = (level, message) => void logLines.push(`${level} ${message}`);
let lateContinue: (() => void) | undefined;

const logAndDestroy = filter('log-and-destroy', () => ({
  onLog: (_request, _trailers, response) => void events.push(`log ${response?.status}`),
  onDestroy: (reason: DestroyReason) => void events.push(`destroy ${reason}`),
}));

const parkForever = filter('park-forever', (callbacks) => ({
  decodeHeaders() {
    callbacks.signal.addEventListener('abort', () => void events.push('aborted'));
    lateContinue = () => callbacks.continue();
    return Status.Running;
  },
  onDestroy: (reason: DestroyReason) => void events.push(`destroy ${reason}`),
}));

const throwsOnDemand = filter('throws-on-demand', () => ({
  decodeHeaders(headers) {
    if (headers.has('x-throw')) throw new Error('boom: secret detail');
  },
}));

const rejectsOnDemand = filter('rejects-on-demand', () => ({
  async decodeHeaders(headers) {
    await delay(1);
    if (headers.has('x-reject')) throw new Error('boom: secret detail');
  },
}));

function reset(): void {
  events.length = 0;
  logLines.length = 0;
  lateContinue = undefined;
}

export const lifecycle: Topic = {
  name: 'lifecycle',
  cases: [
    {
      name: 'runs onLog once after the response is done, then onDestroy(Normal) once',
      run: (host) =>
        serve(host, { filters: [logAndDestroy] }, async ({ url }) => {
          reset();
          await request(url).get('/text').expect(200);
          await until(() => events.length >= 2);
          await delay(10);
          expect(events).to.deep.equal(['log 200', 'destroy Normal']);
        }),
    },
    {
      name: 'answers 504 when a filter stays Running past filterTimeoutMs, aborts its signal, runs onDestroy(Terminate), and keeps serving',
      run: (host) =>
        serve(
          host,
          { filters: [parkForever], options: { logger, filterTimeoutMs: 50 } },
          async ({ url, handled }) => {
            reset();
            await request(url).get('/echo').expect(504, 'filter timed out');
            await until(() => events.includes('destroy Terminate'));
            expect(events).to.deep.equal(['aborted', 'destroy Terminate']);
            expect(handled).to.deep.equal([]);
            expect(logLines).to.deep.equal([
              'error filter "park-forever" timed out in decodeHeaders after 50 ms',
            ]);
            lateContinue?.();
            reset();
            await request(url).get('/text').expect(504);
          },
        ),
    },
    {
      name: 'aborts the signal and runs onDestroy(Terminate) once when the client leaves while a filter is Running',
      run: (host) =>
        serve(host, { filters: [parkForever], options: { logger } }, async ({ port, handled }) => {
          reset();
          const socket = connect(port, '127.0.0.1');
          await once(socket, 'connect');
          socket.write('GET /echo HTTP/1.1\r\nHost: localhost\r\n\r\n');
          await until(() => lateContinue !== undefined);
          socket.destroy();
          await until(() => events.includes('destroy Terminate'));
          lateContinue?.();
          await delay(10);
          expect(events).to.deep.equal(['aborted', 'destroy Terminate']);
          expect(handled).to.deep.equal([]);
          expect(logLines).to.deep.equal([
            'warn continue() after the stream ended: ignored (later ones on this stream are ignored silently)',
          ]);
        }),
    },
    {
      name: 'answers 500 with a generic body when a filter throws, and keeps serving',
      run: (host) =>
        serve(host, { filters: [throwsOnDemand], options: { logger } }, async ({ url }) => {
          reset();
          const res = await request(url).get('/text').set('x-throw', '1').expect(500);
          expect(res.text).to.equal(FILTER_ERROR_BODY);
          expect(logLines.join('\n')).to.contain('throws-on-demand');
          await request(url).get('/text').expect(200, 'hello');
        }),
    },
    {
      name: "answers 500 with a generic body when a filter's promise rejects, and keeps serving",
      run: (host) =>
        serve(host, { filters: [rejectsOnDemand], options: { logger } }, async ({ url }) => {
          reset();
          const res = await request(url).get('/text').set('x-reject', '1').expect(500);
          expect(res.text).to.equal(FILTER_ERROR_BODY);
          expect(res.text).not.to.contain('secret');
          await request(url).get('/text').expect(200, 'hello');
        }),
    },
  ],
};
