import { filterChain } from '@streamfilter/express';
import { expect } from 'chai';
import type { NextFunction, Request, Response } from 'express';
import request from 'supertest';
import { filter } from '../../../../test/support/filters';
import { expressVersions } from '../support/express-versions';
import { captureLogs } from '../support/filters';
import { passThrough, responseKinds } from '../support/pass-through';

/** An error handler that names the error's code. */
function codeOf(error: { code?: string }, _req: Request, res: Response, _next: NextFunction) {
  res.statusMessage = '';
  res.status(500).send(String(error.code));
}

for (const { name, express } of expressVersions) {
  describe(`Node's errors reach the application under encode hooks (${name})`, () => {
    for (const kind of [undefined, ...responseKinds]) {
      const label = kind?.label ?? 'no chain: the control';
      const chain = () =>
        kind === undefined
          ? (_req: Request, _res: Response, next: NextFunction) => next()
          : filterChain([passThrough(kind.hooks, kind.timing)]);
      it(`answers through the error handler when Node refuses the status code (${label})`, async () => {
        const app = express();
        app.use(chain());
        app.get('/', (_req, res) => {
          res.statusCode = 1000;
          res.end();
        });
        app.use(codeOf);
        await request(app).get('/').expect(500, 'ERR_HTTP_INVALID_STATUS_CODE');
      });

      it(`answers 500 through Express's default handler for an invalid status code (${label})`, async () => {
        const app = express();
        app.use(chain());
        app.get('/', (_req, res) => {
          res.statusCode = 99;
          res.send('never');
        });
        await request(app)
          .get('/')
          .expect(500, /Invalid status code: 99/);
      });

      it(`answers through the error handler when Node refuses the status message (${label})`, async () => {
        const app = express();
        app.use(chain());
        app.get('/', (_req, res) => {
          res.statusMessage = 'bad\r\nline';
          res.end('x');
        });
        app.use(codeOf);
        await request(app).get('/').expect(500, 'ERR_INVALID_CHAR');
      });
    }

    it('resets the stream, logs, and keeps serving when Node throws while a filter writes', async () => {
      const { lines, logger } = captureLogs();
      const app = express();
      app.use(
        filterChain(
          [
            filter('late-status', () => ({
              async encodeHeaders() {
                await Promise.resolve();
              },
            })),
          ],
          { logger },
        ),
      );
      app.get('/', (_req, res) => {
        res.write('a');
        // Node refuses this message only when the headers go out, after the filter resolved.
        res.statusMessage = 'bad\r\nline';
        res.end('b');
      });
      app.get('/ok', (_req, res) => res.send('fine'));
      const failure = await request(app)
        .get('/')
        .then(
          () => undefined,
          (error: Error) => error,
        );
      expect(failure).to.be.instanceOf(Error);
      expect(lines.join('\n')).to.contain('ERR_INVALID_CHAR');
      await request(app).get('/ok').expect(200, 'fine');
    });
  });
}
