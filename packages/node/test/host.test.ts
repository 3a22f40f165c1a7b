import { once } from 'node:events';
import http from 'node:http';
import { FilterChain, Status, StreamFilterError } from '@streamfilter/core';
import { type Host, runFilters } from '@streamfilter/node';
import { expect } from 'chai';
import request from 'supertest';
import { filter, until } from '../../../test/support/filters';
import { listen } from './support/servers';

/** Types a request listener for supertest. */
const listener = (fn: http.RequestListener) => fn;

/** A host that records what the node:http layer asked of it; `proceed` answers 'app'. */
function recordingHost(res: http.ServerResponse, extra: Partial<Host> = {}) {
  const recorded = {
    calls: [] as string[],
    host: {
      proceed: () => {
        recorded.calls.push('proceed');
        res.end('app');
      },
      localReply: (details: string) => void recorded.calls.push(`localReply ${details}`),
      ...extra,
    } as Host,
  };
  return recorded;
}

describe('runFilters(chain, req, res, host)', () => {
  it('calls proceed once, and nothing else, when every filter continues', async () => {
    const chain = new FilterChain([
      filter('pass', () => ({ decodeHeaders: () => Status.Continue })),
    ]);
    let calls: string[] = [];
    await request(
      listener((req, res) => {
        const recorded = recordingHost(res);
        calls = recorded.calls;
        runFilters(chain, req, res, recorded.host);
      }),
    )
      .get('/')
      .expect(200, 'app');
    expect(calls).to.deep.equal(['proceed']);
  });

  it('tells the host of a local reply, with its details, and never calls proceed', async () => {
    const chain = new FilterChain([
      filter('deny', (callbacks) => ({
        decodeHeaders: () =>
          void callbacks.sendLocalReply(401, 'no', undefined, undefined, 'denied'),
      })),
    ]);
    let calls: string[] = [];
    await request(
      listener((req, res) => {
        const recorded = recordingHost(res);
        calls = recorded.calls;
        runFilters(chain, req, res, recorded.host);
      }),
    )
      .get('/')
      .expect(401, 'no');
    expect(calls).to.deep.equal(['localReply denied']);
  });

  it('tells the host of a local reply after proceed, and drops what the application writes then', async () => {
    const chain = new FilterChain([
      filter('late', (callbacks) => ({
        decodeData(buffer) {
          if (buffer.toString() === 'stop') callbacks.sendLocalReply(413, 'too late');
        },
      })),
    ]);
    const calls: string[] = [];
    const server = await listen((req, res) => {
      const recorded = recordingHost(res, {
        proceed: () => {
          calls.push('proceed');
          req
            .on('end', () => {
              res.setHeader('x-app', 'late'); // would throw on the reply already sent
              res.end('app wrote this');
            })
            .resume();
        },
      });
      recorded.calls = calls;
      runFilters(chain, req, res, recorded.host);
    });
    try {
      const client = http.request({ host: '127.0.0.1', port: server.port, method: 'POST' });
      client.write('go');
      await until(() => calls.length > 0);
      client.end('stop');
      const [res] = (await once(client, 'response')) as [http.IncomingMessage];
      let body = '';
      for await (const chunk of res) body += chunk;
      expect([res.statusCode, body]).to.deep.equal([413, 'too late']);
    } finally {
      await server.close();
    }
    expect(calls).to.deep.equal(['proceed', 'localReply local_reply']);
  });

  it('shows filters host.path, and hands a changed method and path to host.rewrite', async () => {
    const seen: string[] = [];
    const chain = new FilterChain([
      filter('move', () => ({
        decodeHeaders(headers) {
          seen.push(headers.path);
          headers.setPath('/moved');
          headers.setMethod('POST');
        },
      })),
    ]);
    await request(
      listener((req, res) => {
        const { host } = recordingHost(res, {
          path: '/mount/x',
          rewrite: (method, path) => void seen.push(`${method} ${path}`),
        });
        runFilters(chain, req, res, host);
      }),
    )
      .get('/x')
      .expect(200, 'app');
    expect(seen).to.deep.equal(['/mount/x', 'POST /moved']);
  });

  it('does not call host.rewrite when no filter changed the method or path', async () => {
    const chain = new FilterChain([filter('look', () => ({ decodeHeaders: () => undefined }))]);
    let rewrites = 0;
    await request(
      listener((req, res) => {
        const { host } = recordingHost(res, { rewrite: () => void rewrites++ });
        runFilters(chain, req, res, host);
      }),
    )
      .get('/x')
      .expect(200);
    expect(rewrites).to.equal(0);
  });

  it('gives host.fail what host.rewrite threw, instead of calling proceed', async () => {
    const chain = new FilterChain([
      filter('move', () => ({ decodeHeaders: (headers) => void headers.setPath('/elsewhere') })),
    ]);
    let failed: unknown;
    await request(
      listener((req, res) => {
        const { host } = recordingHost(res, {
          rewrite: () => {
            throw new StreamFilterError('ERR_INVALID_HEADER', 'cannot follow');
          },
          fail: (error) => {
            failed = error;
            res.statusCode = 400;
            res.end('refused');
          },
        });
        runFilters(chain, req, res, host);
      }),
    )
      .get('/x')
      .expect(400, 'refused');
    expect(failed).to.have.property('code', 'ERR_INVALID_HEADER');
  });

  it('answers a fixed 500 and logs the error when host.rewrite throws and the host has no fail', async () => {
    const lines: string[] = [];
    const chain = new FilterChain(
      [filter('move', () => ({ decodeHeaders: (headers) => void headers.setPath('/elsewhere') }))],
      { logger: (level, message) => lines.push(`${level}: ${message}`) },
    );
    await request(
      listener((req, res) => {
        const { host } = recordingHost(res, {
          rewrite: () => {
            throw new Error('cannot follow');
          },
        });
        runFilters(chain, req, res, host);
      }),
    )
      .get('/x')
      .expect(500, 'Internal Server Error');
    expect(lines).to.deep.equal(['error: the request could not be handed on']);
  });
});
