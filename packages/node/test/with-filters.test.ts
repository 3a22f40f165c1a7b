import { connect } from 'node:net';
import { DestroyReason, FILTER_ERROR_BODY, Status } from '@streamfilter/core';
import { withFilters } from '@streamfilter/node';
import { expect } from 'chai';
import request from 'supertest';
import { delay, filter, until } from '../../../test/support/filters';
import { listen } from './support/servers';

/** A listener that answers with what it was given: method, url, headers, body. */
const echo = withFilters([], (req, res) => {
  const chunks: Buffer[] = [];
  req.on('data', (chunk: Buffer) => chunks.push(chunk));
  req.on('end', () => {
    res.setHeader('content-type', 'application/json');
    res.end(
      JSON.stringify({
        method: req.method,
        url: req.url,
        headers: req.headers,
        body: Buffer.concat(chunks).toString('utf8'),
      }),
    );
  });
});

const setUser = filter('setUser', () => ({
  decodeHeaders(headers) {
    headers.set('x-user', 'alice');
    headers.del('x-drop');
  },
}));

describe('withFilters() on node:http', () => {
  it('gives the listener the headers a sync filter set and removed', async () => {
    const listener = withFilters([setUser], echo);
    const res = await request(listener).get('/a').set('x-drop', '1').expect(200);
    expect(res.body.headers['x-user']).to.equal('alice');
    expect(res.body.headers).to.not.have.property('x-drop');
  });

  it('gives the listener the headers a filter set while Running', async () => {
    const later = filter('later', (callbacks) => ({
      decodeHeaders(headers) {
        setTimeout(() => {
          headers.set('x-later', 'yes');
          callbacks.continue(Status.Continue);
        }, 5);
        return Status.Running;
      },
    }));
    const res = await request(withFilters([later], echo))
      .get('/')
      .expect(200);
    expect(res.body.headers['x-later']).to.equal('yes');
  });

  it('answers a local reply itself, through the encode hooks of the filters that ran, and never calls the listener', async () => {
    let called = 0;
    const stamp = filter('stamp', () => ({
      encodeHeaders: (headers) => void headers.set('x-stamp', 'seen'),
    }));
    const deny = filter('deny', (callbacks) => ({
      decodeHeaders: () => {
        callbacks.sendLocalReply(403, 'no entry', { 'x-why': 'test' });
        return Status.LocalReply;
      },
    }));
    const listener = withFilters([stamp, deny], (_req, res) => {
      called++;
      res.end('app');
    });
    const res = await request(listener).get('/').expect(403, 'no entry');
    expect(res.headers['x-why']).to.equal('test');
    expect(res.headers['x-stamp']).to.equal('seen');
    expect(called).to.equal(0);
  });

  it('routes the request body through data hooks: the listener reads what they left', async () => {
    const upper = filter('upper', () => ({
      decodeHeaders: () => Status.Continue,
      decodeData(buffer, endStream) {
        if (!endStream) return Status.StopAndBuffer;
        buffer.set(`${buffer.toString().toUpperCase()}!`);
        return Status.Continue;
      },
    }));
    const res = await request(withFilters([upper], echo))
      .post('/')
      .set('content-type', 'text/plain')
      .send('hello')
      .expect(200);
    expect(res.body.body).to.equal('HELLO!');
    expect(res.body.headers['content-length']).to.equal('6');
  });

  it('sends what encode hooks made of the status, headers and body', async () => {
    const wrap = filter('wrap', () => ({
      encodeHeaders(headers) {
        headers.setStatus(201);
        headers.set('x-wrapped', '1');
        headers.del('x-secret');
      },
      encodeData(buffer, endStream) {
        if (!endStream) return Status.StopAndBuffer;
        buffer.set(`[${buffer.toString()}]`);
        return Status.Continue;
      },
    }));
    const listener = withFilters([wrap], (_req, res) => {
      res.setHeader('x-secret', 'no');
      res.write('he');
      res.end('llo');
    });
    const res = await request(listener).get('/').expect(201, '[hello]');
    expect(res.headers['x-wrapped']).to.equal('1');
    expect(res.headers).to.not.have.property('x-secret');
  });

  it('makes a rewritten method and path what the listener reads in req.method and req.url', async () => {
    const rewrite = filter('rewrite', () => ({
      decodeHeaders(headers) {
        headers.setPath(headers.path.replace('/old/', '/new/'));
        headers.setMethod('PUT');
      },
    }));
    const res = await request(withFilters([rewrite], echo))
      .get('/old/x?y=1')
      .expect(200);
    expect(res.body).to.include({ method: 'PUT', url: '/new/x?y=1' });
  });

  it('answers 500 for a throwing filter, logs it, and keeps serving', async () => {
    const lines: string[] = [];
    const boom = filter('boom', () => ({
      decodeHeaders(headers) {
        if (headers.path === '/boom') throw new Error('kaput');
      },
    }));
    const listener = withFilters([boom], (_req, res) => res.end('fine'), {
      logger: (level, message) => lines.push(`${level}: ${message}`),
    });
    const server = await listen(listener);
    try {
      await request(server.server).get('/boom').expect(500, FILTER_ERROR_BODY);
      await request(server.server).get('/ok').expect(200, 'fine');
    } finally {
      await server.close();
    }
    expect(lines).to.deep.equal(['error: filter "boom" failed in decodeHeaders']);
    expect(listener.chain.filterErrors).to.equal(1);
  });

  it('aborts the signal and runs onDestroy(Terminate) when the client leaves while a filter is Running', async () => {
    const events: string[] = [];
    let called = 0;
    const park = filter('park', (callbacks) => ({
      decodeHeaders() {
        callbacks.signal.addEventListener('abort', () => events.push('abort'));
        events.push('parked');
        return Status.Running;
      },
      onDestroy: (reason) => void events.push(`destroy ${reason}`),
    }));
    const server = await listen(
      withFilters([park], (_req, res) => {
        called++;
        res.end();
      }),
    );
    try {
      const socket = connect(server.port, '127.0.0.1');
      socket.write('GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n');
      await until(() => events.includes('parked'));
      socket.destroy();
      await until(() => events.length === 3);
      await delay(10);
    } finally {
      await server.close();
    }
    expect(events).to.deep.equal(['parked', 'abort', `destroy ${DestroyReason.Terminate}`]);
    expect(called).to.equal(0);
  });

  it('validates the chain at the call', () => {
    expect(() => withFilters([setUser], echo, { logger: 'console' as never }))
      .to.throw()
      .with.property('code', 'ERR_INVALID_CHAIN');
  });
});
