import { Status } from '@streamfilter/core';
import { withFilters } from '@streamfilter/fetch';
import { expect } from 'chai';
import request from 'supertest';
import { delay, filter } from '../../../test/support/filters';
import { listen, type Served } from './support/serve';

/** The handler's view of its request, as JSON. */
async function echo(req: Request): Promise<Response> {
  return Response.json({
    method: req.method,
    url: req.url,
    headers: Object.fromEntries(req.headers),
    body: await req.text(),
  });
}

describe('withFilters(): the request', () => {
  let served: Served | undefined;

  afterEach(async () => {
    await served?.close();
    served = undefined;
  });

  it('hands the handler the headers a sync filter set, added and deleted', async () => {
    const handler = withFilters(
      [
        filter('edit', () => ({
          decodeHeaders(headers) {
            headers.set('x-user', 'alice');
            headers.add('x-tag', 'a');
            headers.add('x-tag', 'b');
            headers.del('x-secret');
          },
        })),
      ],
      echo,
    );
    served = await listen(handler);
    const res = await request(served.url).get('/h').set('x-secret', 's').expect(200);
    expect(res.body.headers).to.include({ 'x-user': 'alice', 'x-tag': 'a, b' });
    expect(res.body.headers).to.not.have.property('x-secret');
  });

  it('waits for an async filter, and for one that returns Running and calls continue() later', async () => {
    const handler = withFilters(
      [
        filter('async', () => ({
          async decodeHeaders(headers) {
            await delay(5);
            headers.set('x-async', '1');
          },
        })),
        filter('running', (callbacks) => ({
          decodeHeaders(headers) {
            setTimeout(() => {
              headers.set('x-running', '1');
              callbacks.continue(Status.Continue);
            }, 5);
            return Status.Running;
          },
        })),
      ],
      echo,
    );
    served = await listen(handler);
    const res = await request(served.url).get('/').expect(200);
    expect(res.body.headers).to.include({ 'x-async': '1', 'x-running': '1' });
  });

  it('lets filters read the method, path with query, scheme and host', async () => {
    let seen: unknown;
    const handler = withFilters(
      [
        filter('read', () => ({
          decodeHeaders(headers) {
            seen = [headers.method, headers.path, headers.scheme, headers.host];
          },
        })),
      ],
      echo,
    );
    served = await listen(handler);
    await request(served.url).delete('/a/b?c=1&d=2').expect(200);
    expect(seen).to.deep.equal(['DELETE', '/a/b?c=1&d=2', 'http', `127.0.0.1:${served.port}`]);
  });

  it('hands the handler the method and path a filter rewrote, query included', async () => {
    const handler = withFilters(
      [
        filter('rewrite', () => ({
          decodeHeaders(headers) {
            headers.setMethod('PUT');
            headers.setPath(headers.path.replace('/old/', '/new/'));
          },
        })),
      ],
      echo,
    );
    served = await listen(handler);
    const res = await request(served.url).post('/old/x?y=1').send('body').expect(200);
    expect(res.body).to.include({
      method: 'PUT',
      url: `${served.url}/new/x?y=1`,
      body: 'body',
    });
  });

  it('hands the handler the very request it got when no filter changed anything', async () => {
    let received: Request | undefined;
    let forwarded: Request | undefined;
    const handler = withFilters(
      [filter('look', () => ({ decodeHeaders: (headers) => void headers.get('accept') }))],
      (req) => {
        forwarded = req;
        return new Response('ok');
      },
    );
    served = await listen((req) => {
      received = req;
      return handler(req);
    });
    await request(served.url).get('/').expect(200, 'ok');
    expect(forwarded).to.equal(received);
  });

  it('passes arguments after the request through to the handler', async () => {
    let rest: unknown[] = [];
    const handler = withFilters([filter('pass', () => ({}))], (_req, ...args: unknown[]) => {
      rest = args;
      return new Response('ok');
    });
    served = await listen(handler);
    await request(served.url).get('/').expect(200);
    expect(rest).to.have.length(1);
    expect(rest[0]).to.have.property('incoming');
  });
});
