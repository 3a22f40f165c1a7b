import { Status } from '@streamfilter/core';
import { expect } from 'chai';
import request from 'supertest';
import { filter } from '../../support/filters';
import { serve, type Topic } from '../case';

const outer = filter('outer', () => ({
  encodeHeaders(headers) {
    headers.set('x-outer', 'seen');
  },
  encodeData(buffer) {
    buffer.append(' (outer)');
  },
}));

const deny = filter('deny', (callbacks) => ({
  decodeHeaders() {
    callbacks.sendLocalReply(401, 'denied', { 'www-authenticate': 'Basic realm="x"' });
    return Status.LocalReply;
  },
}));

const inner = filter('inner', () => ({
  encodeHeaders(headers) {
    headers.set('x-inner', 'seen');
  },
}));

const denyLater = filter('deny-later', (callbacks) => ({
  decodeHeaders() {
    setTimeout(() => callbacks.sendLocalReply(429, 'slow down', undefined, undefined, 'rate'), 1);
    return Status.Running;
  },
}));

const denyAsJson = filter('deny-as-json', (callbacks) => ({
  decodeHeaders() {
    callbacks.sendLocalReply(403, '{"error":"forbidden"}', { 'content-type': 'application/json' });
  },
}));

export const localReply: Topic = {
  name: 'local reply',
  cases: [
    {
      name: 'answers with the status, body and headers given, as text/plain, without running the handler',
      run: (host) =>
        serve(host, { filters: [deny] }, async ({ url, handled }) => {
          const res = await request(url).get('/echo').expect(401, 'denied');
          expect(res.headers['content-type']).to.match(/^text\/plain/);
          expect(res.headers['www-authenticate']).to.equal('Basic realm="x"');
          expect(res.headers['content-length']).to.equal('6');
          expect(handled).to.deep.equal([]);
        }),
    },
    {
      name: 'passes through the encode hooks of the filters that ran before it, not later ones',
      run: (host) =>
        serve(host, { filters: [outer, deny, inner] }, async ({ url, handled }) => {
          const res = await request(url).get('/echo').expect(401, 'denied (outer)');
          expect(res.headers['x-outer']).to.equal('seen');
          expect(res.headers).not.to.have.property('x-inner');
          expect(handled).to.deep.equal([]);
        }),
    },
    {
      name: 'answers from a timer in the low-level Running style',
      run: (host) =>
        serve(host, { filters: [denyLater] }, async ({ url, handled }) => {
          await request(url).get('/echo').expect(429, 'slow down');
          expect(handled).to.deep.equal([]);
        }),
    },
    {
      name: 'keeps the content type the filter gave',
      run: (host) =>
        serve(host, { filters: [denyAsJson] }, async ({ url }) => {
          const res = await request(url).get('/echo').expect(403);
          expect(res.headers['content-type']).to.match(/^application\/json/);
          expect(res.body).to.deep.equal({ error: 'forbidden' });
        }),
    },
  ],
};
