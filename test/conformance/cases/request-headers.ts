import { Status } from '@streamfilter/core';
import { expect } from 'chai';
import request from 'supertest';
import { filter } from '../../support/filters';
import { serve, type Topic } from '../case';
import type { Echo } from '../host';

const syncEdit = filter('sync-edit', () => ({
  decodeHeaders(headers) {
    headers.set('x-added', 'sync');
    headers.set('x-replaced', 'by the filter');
    headers.del('x-removed');
  },
}));

const runningEdit = filter('running-edit', (callbacks) => ({
  decodeHeaders(headers) {
    setTimeout(() => {
      headers.set('x-added-while-running', 'later');
      callbacks.continue(Status.Continue);
    }, 1);
    return Status.Running;
  },
}));

const promiseEdit = filter('promise-edit', () => ({
  async decodeHeaders(headers) {
    await new Promise((resolve) => setTimeout(resolve, 1));
    headers.set('x-added-by-promise', 'later');
  },
}));

const reroute = filter('reroute', () => ({
  decodeHeaders(headers) {
    if (headers.path === '/routed/a') headers.setPath('/routed/b');
  },
}));

export const requestHeaders: Topic = {
  name: 'request headers',
  cases: [
    {
      name: 'shows the handler headers a filter set, replaced and removed synchronously',
      run: (host) =>
        serve(host, { filters: [syncEdit] }, async ({ url }) => {
          const res = await request(url)
            .get('/echo')
            .set('x-replaced', 'by the client')
            .set('x-removed', 'yes')
            .expect(200);
          const echo = res.body as Echo;
          expect(echo.headers['x-added']).to.equal('sync');
          expect(echo.headers['x-replaced']).to.equal('by the filter');
          expect(echo.headers).not.to.have.property('x-removed');
        }),
    },
    {
      name: 'shows the handler a header set while the filter was Running, then continued',
      run: (host) =>
        serve(host, { filters: [runningEdit] }, async ({ url, handled }) => {
          const res = await request(url).get('/echo').expect(200);
          expect((res.body as Echo).headers['x-added-while-running']).to.equal('later');
          expect(handled).to.deep.equal(['GET /echo']);
        }),
    },
    {
      name: 'shows the handler a header set by an async hook after its promise resolved',
      run: (host) =>
        serve(host, { filters: [promiseEdit, syncEdit] }, async ({ url }) => {
          const res = await request(url).get('/echo').expect(200);
          const echo = res.body as Echo;
          expect(echo.headers['x-added-by-promise']).to.equal('later');
          expect(echo.headers['x-added']).to.equal('sync');
        }),
    },
    {
      name: 'routes on the path a filter rewrote',
      requires: ['reroute'],
      run: (host) =>
        serve(host, { filters: [reroute] }, async ({ url, handled }) => {
          await request(url).get('/routed/a').expect(200, 'b');
          expect(handled).to.deep.equal(['GET /routed/b']);
        }),
    },
  ],
};
