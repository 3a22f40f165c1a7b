import { AUTH_METADATA, type AuthInfo, Status } from '@streamfilter/core';
import { filterChain } from '@streamfilter/express';
import request from 'supertest';
import { filter } from '../../../test/support/filters';
import { expressVersions } from './support/express-versions';

/** Records `info` as an authentication filter does, then lets the request through. */
function recording(info: Omit<AuthInfo, 'filter'>) {
  return filter('login', (callbacks) => ({
    decodeHeaders() {
      callbacks.streamInfo.metadata.set(AUTH_METADATA, { filter: 'login', ...info });
      return Status.Continue;
    },
  }));
}

for (const { name, express } of expressVersions) {
  describe(`req.auth (${name})`, () => {
    it('is the user an authentication filter let in', async () => {
      const app = express();
      app.use(filterChain([recording({ decision: 'allowed', user: 'alice' })]));
      app.get('/', (req, res) => res.json(req.auth ?? null));
      await request(app).get('/').expect(200, { user: 'alice', filter: 'login' });
    });

    it('is absent when the request got in without a user (fail-open) or no filter authenticated it', async () => {
      const app = express();
      app.get('/open', filterChain([recording({ decision: 'fail_open' })]), (req, res) =>
        res.json(req.auth ?? null),
      );
      app.get('/plain', filterChain([filter('noop', () => ({}))]), (req, res) =>
        res.json(req.auth ?? null),
      );
      await request(app).get('/open').expect(200, 'null');
      await request(app).get('/plain').expect(200, 'null');
    });
  });
}
