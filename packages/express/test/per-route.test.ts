import { configError, defineFilter } from '@streamfilter/core';
import { filterChain } from '@streamfilter/express';
import { expect } from 'chai';
import request from 'supertest';
import { expressVersions } from './support/express-versions';

interface TagOptions {
  header: string;
  value: string;
}

const tag = defineFilter({
  name: 'tag',
  parse(options: TagOptions) {
    if (typeof options?.value !== 'string' || options.value === '') {
      throw configError('tag', 'value', 'must be a non-empty string', options?.value);
    }
    return options;
  },
  merge: (parent, child) => ({ ...parent, ...child }),
  create: (config) => ({
    encodeHeaders(headers) {
      headers.set(config.header, config.value);
    },
  }),
});

for (const { name, express } of expressVersions) {
  describe(`filterChain().route() (${name})`, () => {
    it('reuses one chain with per-route overrides merged through the filter merge()', async () => {
      const chain = filterChain([tag({ header: 'x-tier', value: 'standard' })]);
      const app = express();
      app.get('/standard', chain, (_req, res) => res.send('s'));
      app.get('/gold', chain.route({ tag: { value: 'gold' } }), (_req, res) => res.send('g'));
      await request(app).get('/standard').expect('x-tier', 'standard');
      await request(app).get('/gold').expect('x-tier', 'gold');
    });

    it('disables a filter on one route with false', async () => {
      const chain = filterChain([tag({ header: 'x-tier', value: 'standard' })]);
      const app = express();
      app.get('/plain', chain.route({ tag: false }), (_req, res) => res.send('p'));
      const res = await request(app).get('/plain').expect(200, 'p');
      expect(res.headers).not.to.have.property('x-tier');
    });

    it('works on a Router with its own override', async () => {
      const chain = filterChain([tag({ header: 'x-area', value: 'public' })]);
      const admin = express.Router();
      admin.use(chain.route({ tag: { value: 'admin' } }));
      admin.get('/panel', (_req, res) => res.send('panel'));
      const app = express();
      app.use('/admin', admin);
      app.get('/', chain, (_req, res) => res.send('home'));
      await request(app).get('/admin/panel').expect('x-area', 'admin');
      await request(app).get('/').expect('x-area', 'public');
    });

    it('rejects a bad override at startup, with the filter config error', () => {
      const chain = filterChain([tag({ header: 'x-tier', value: 'standard' })]);
      expect(() => chain.route({ tag: { value: '' } }))
        .to.throw(/tag: "value" must be a non-empty string, got ""/)
        .with.property('code', 'ERR_FILTER_CONFIG');
    });

    it('rejects an override for a filter the chain does not have', () => {
      const chain = filterChain([tag({ header: 'x-tier', value: 'standard' })]);
      // @ts-expect-error: the types refuse it too; this checks the runtime, for JavaScript callers
      expect(() => chain.route({ tga: false }))
        .to.throw(/no filter named "tga"/)
        .with.property('code', 'ERR_INVALID_CHAIN');
    });
  });
}
