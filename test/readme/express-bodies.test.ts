import { type ChainableFilter, Status } from '@streamfilter/core';
import { filterChain } from '@streamfilter/express';
import { expect } from 'chai';
import express from 'express';
import request from 'supertest';
import { redact } from './redact';

describe('README: @streamfilter/express and request bodies', () => {
  it('runs data hooks when the chain comes before the body parser', async () => {
    const app = express();
    app.use(filterChain([redact({ word: 'secret' })])); // sees the body first...
    app.use(express.json()); // ...and the parser reads what the filters let through
    app.post('/notes', (req, res) => {
      res.json({ note: req.body, length: req.headers['content-length'] });
    });
    await request(app)
      .post('/notes')
      .send({ text: 'a secret' })
      .expect(200, { note: { text: 'a ***' }, length: '16' });
  });

  it('gives filters no body when a body parser ran before the chain', async () => {
    const app = express();
    app.use(express.json()); // reads the body first...
    app.use(filterChain([redact({ word: 'secret' })])); // ...so redact sees endStream = true
    app.post('/notes', (req, res) => {
      res.json({ note: req.body });
    });
    await request(app)
      .post('/notes')
      .send({ text: 'a secret' })
      .expect(200, {
        note: { text: 'a secret' },
      });
  });

  it('calls decodeHeaders with endStream = true and no decodeData after a body parser', async () => {
    const calls: string[] = [];
    const watch: ChainableFilter = {
      name: 'watch',
      create: () => ({
        decodeHeaders(_headers, endStream) {
          calls.push(`headers end=${endStream}`);
          return Status.Continue;
        },
        decodeData() {
          calls.push('data');
        },
      }),
    };
    const app = express();
    app.use(express.json());
    app.use(filterChain([watch]));
    app.post('/', (_req, res) => {
      res.end();
    });
    await request(app).post('/').send({ a: 1 }).expect(200);
    expect(calls).to.deep.equal(['headers end=true']);
  });
});
