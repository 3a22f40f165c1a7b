import type { RequestListener } from 'node:http';
import type { ChainableFilter } from '@streamfilter/core';
import { filterChain } from '@streamfilter/express';
import { withFilters } from '@streamfilter/node';
import { expect } from 'chai';
import express5 from 'express';
import express4 from 'express4';
import { listen, rawRequest } from '../packages/node/test/support/servers';

/**
 * Issue: an absolute-form request target (`GET http://127.0.0.1/admin HTTP/1.1`, which Node
 * accepts) must show filters the path the framework routes on, or a path-based filter is
 * bypassed. Sent over a raw socket, on every host.
 */

/** A path-based filter: 403 under `prefix`, records every path it sees. */
function acl(prefix: string, seen: string[]): ChainableFilter {
  return {
    name: 'acl',
    create: (callbacks) => ({
      decodeHeaders(headers) {
        seen.push(headers.path);
        if (headers.path.startsWith(prefix)) callbacks.sendLocalReply(403, 'forbidden');
      },
    }),
  };
}

/** A filter that moves `/old/...` to `/new/...`. */
const move: ChainableFilter = {
  name: 'move',
  create: () => ({
    decodeHeaders(headers) {
      headers.setPath(headers.path.replace('/old/', '/new/'));
    },
  }),
};

async function statusLine(listener: RequestListener, target: string): Promise<string> {
  const server = await listen(listener);
  try {
    const response = await rawRequest(server.port, `GET ${target} HTTP/1.1\r\nHost: 127.0.0.1`);
    const body = response.slice(response.indexOf('\r\n\r\n') + 4);
    return `${response.slice(9, 12)} ${body}`;
  } finally {
    await server.close();
  }
}

const admin = (_req: unknown, res: { end(body: string): void }) => res.end('admin page');

describe('absolute-form request targets', () => {
  it('shows filters the origin-form path, and the listener reads it in req.url (node:http withFilters)', async () => {
    const seen: string[] = [];
    const urls: string[] = [];
    const listener = withFilters([acl('/admin', seen)], (req, res) => {
      urls.push(req.url ?? '');
      res.end('open');
    });
    expect(await statusLine(listener, 'http://127.0.0.1/admin')).to.equal('403 forbidden');
    expect(await statusLine(listener, 'http://127.0.0.1/open?x=1')).to.equal('200 open');
    expect(seen).to.deep.equal(['/admin', '/open?x=1']);
    expect(urls).to.deep.equal(['/open?x=1']);
  });

  for (const { name, express } of [
    { name: 'Express 5', express: express5 },
    { name: 'Express 4', express: express4 as unknown as typeof express5 },
  ]) {
    it(`shows filters the path Express routes on, on the app (${name})`, async () => {
      const seen: string[] = [];
      const app = express();
      app.use(filterChain([acl('/admin', seen)]));
      app.get('/admin', admin);
      expect(await statusLine(app, 'http://127.0.0.1/admin')).to.equal('403 forbidden');
      expect(seen).to.deep.equal(['/admin']);
    });

    it(`shows filters the full path Express routes on, under an /api mount (${name})`, async () => {
      const seen: string[] = [];
      const app = express();
      const api = express.Router();
      api.get('/admin', admin);
      app.use('/api', filterChain([acl('/api/admin', seen)]), api);
      expect(await statusLine(app, 'http://127.0.0.1/api/admin')).to.equal('403 forbidden');
      expect(seen).to.deep.equal(['/api/admin']);
    });

    it(`routes a rewritten absolute-form target where the filter sent it, under a mount (${name})`, async () => {
      const app = express();
      const api = express.Router();
      api.get('/new/page', (req, res) => res.end(`new ${req.baseUrl} ${req.query.x}`));
      app.use('/api', filterChain([move]), api);
      app.use((req, res) => res.status(404).end(`fell through ${req.url}`));
      expect(await statusLine(app, 'http://127.0.0.1/api/old/page?x=1')).to.equal('200 new /api 1');
      expect(await statusLine(app, 'http://127.0.0.1/api/old/missing')).to.equal(
        '404 fell through http://127.0.0.1/api/new/missing',
      );
    });
  }
});
