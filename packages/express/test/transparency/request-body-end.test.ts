import { Agent } from 'node:http';
import { filterChain } from '@streamfilter/express';
import { expect } from 'chai';
import type { NextFunction, Request, Response } from 'express';
import request from 'supertest';
import { expressVersions } from '../support/express-versions';
import { bodyKinds, passThrough } from '../support/pass-through';
import { listen, send } from '../support/sockets';

for (const { name, express } of expressVersions) {
  describe(`pass-through body hooks keep a Content-Length body whole (${name})`, () => {
    for (const { label, hooks, timing } of bodyKinds) {
      it(`hands express.json() the body of a handler that answers later (${label})`, async () => {
        const app = express();
        app.use(filterChain([passThrough(hooks, timing)]));
        app.use(express.json());
        app.post('/', (req, res) => setTimeout(() => res.json(req.body), 10));
        await request(app).post('/').send({ a: 1 }).expect(200, { a: 1 });
      });

      it(`keeps a keep-alive connection serving after Content-Length bodies (${label})`, async () => {
        const app = express();
        app.use(filterChain([passThrough(hooks, timing)]));
        app.use(express.json());
        app.post('/', (req, res) => res.json(req.body));
        const { port, close } = await listen(app);
        const agent = new Agent({ keepAlive: true, maxSockets: 1 });
        try {
          const post = (n: number) =>
            send(port, {
              agent,
              method: 'POST',
              headers: { 'content-type': 'application/json' },
              body: JSON.stringify({ n }),
            });
          const first = await post(1);
          const second = await post(2);
          expect([first.status, first.body.toString()]).to.deep.equal([200, '{"n":1}']);
          expect([second.status, second.body.toString()]).to.deep.equal([200, '{"n":2}']);
          expect(second.reusedSocket).to.equal(true);
        } finally {
          agent.destroy();
          close();
        }
      });

      it(`lets express.json() mounted twice read the body once (${label})`, async () => {
        const app = express();
        app.use(filterChain([passThrough(hooks, timing)]));
        app.use(express.json());
        app.use(express.json());
        app.post('/', (req, res) => res.json(req.body));
        await request(app).post('/').send({ user: 'tobi' }).expect(200, { user: 'tobi' });
      });

      it(`answers through the error handler when next(err) follows a read body (${label})`, async () => {
        const app = express();
        app.use(filterChain([passThrough(hooks, timing)]));
        app.use(express.json());
        app.post('/', (_req, _res, next) => next(new Error('rejected')));
        app.use((error: Error, _req: Request, res: Response, _next: NextFunction) => {
          res.status(422).send(error.message);
        });
        await request(app).post('/').send({ a: 1 }).expect(422, 'rejected');
      });
    }
  });
}
