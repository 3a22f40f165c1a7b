import { FILTER_ERROR_BODY, Status, StreamFilterError } from '@streamfilter/core';
import { FakeStream, type LogLine, runFilter } from '@streamfilter/core/testing';
import { expect } from 'chai';
import { delay, filter } from '../../../test/support/filters';
import { flush } from './helpers';

/** Records unhandled rejections while `fn` and a few turns after it run. */
async function unhandledRejectionsDuring(fn: () => Promise<void>): Promise<unknown[]> {
  const seen: unknown[] = [];
  const listener = (reason: unknown) => {
    seen.push(reason);
  };
  process.on('unhandledRejection', listener);
  try {
    await fn();
    await delay(5);
    await flush();
  } finally {
    process.off('unhandledRejection', listener);
  }
  return seen;
}

function errorLogs(logs: LogLine[]): LogLine[] {
  return logs.filter((line) => line.level === 'error');
}

function codeOf(error: unknown): string | undefined {
  return error instanceof StreamFilterError ? error.code : undefined;
}

const secretError = () => new Error('database password is hunter2');

describe('FilterManager errors', () => {
  describe('a hook that throws or rejects', () => {
    it('answers 500 with the generic body when a hook throws', async () => {
      const result = await runFilter(
        filter('broken', () => ({
          decodeHeaders() {
            throw secretError();
          },
        })),
      );
      expect(result.localReply?.code).to.equal(500);
      expect(result.localReply?.body).to.equal('error happened in filter');
      expect(result.localReply?.body).to.equal(FILTER_ERROR_BODY);
      expect(result.localReply?.details).to.equal('filter_error');
      expect(result.request.ended).to.equal(false);
    });

    it('sends the error and the filter name to the log, not to the client', async () => {
      const error = secretError();
      const result = await runFilter(
        filter('broken', () => ({
          decodeHeaders() {
            throw error;
          },
        })),
      );
      const [line, ...rest] = errorLogs(result.logs);
      expect(rest).to.have.length(0);
      expect(line?.filter).to.equal('broken');
      expect(line?.error).to.equal(error);
      expect(line?.message).to.contain('broken').and.contain('decodeHeaders');
      expect(result.response?.body.toString()).to.not.contain('hunter2');
      expect(JSON.stringify([...(result.response?.headers ?? [])])).to.not.contain('hunter2');
    });

    it('answers 500 when an async hook rejects', async () => {
      const error = secretError();
      const result = await runFilter(
        filter('broken', () => ({
          async decodeHeaders() {
            await delay(1);
            throw error;
          },
        })),
      );
      expect(result.localReply?.code).to.equal(500);
      expect(result.localReply?.body).to.equal(FILTER_ERROR_BODY);
      expect(errorLogs(result.logs)[0]?.error).to.equal(error);
      expect(errorLogs(result.logs)[0]?.filter).to.equal('broken');
    });

    it('answers 500 when an encode hook throws before the response started', async () => {
      const result = await runFilter(
        filter('broken', () => ({
          encodeHeaders() {
            throw secretError();
          },
        })),
        {},
        { response: { status: 200, body: 'app body' } },
      );
      expect(result.response?.status).to.equal(500);
      expect(result.response?.body.toString()).to.equal(FILTER_ERROR_BODY);
    });

    it('resets the stream when a hook throws after the response headers were sent', async () => {
      const result = await runFilter(
        filter('broken', () => ({
          encodeData(buffer) {
            if (buffer.toString() === 'b') throw secretError();
          },
        })),
        {},
        { response: { status: 200, body: ['a', 'b'] } },
      );
      expect(result.wasReset).to.equal(true);
      expect(result.response?.status).to.equal(200);
      expect(result.response?.body.toString()).to.equal('a');
      expect(errorLogs(result.logs)[0]?.filter).to.equal('broken');
    });

    it('answers 500 when a filter factory throws', async () => {
      const result = await runFilter([
        filter('ok'),
        filter('broken', () => {
          throw secretError();
        }),
      ]);
      expect(result.localReply?.code).to.equal(500);
      expect(result.localReply?.body).to.equal(FILTER_ERROR_BODY);
      expect(errorLogs(result.logs)[0]?.filter).to.equal('broken');
    });

    it('runs no later filter once a hook threw', async () => {
      const seen: string[] = [];
      await runFilter([
        filter('broken', () => ({
          decodeHeaders() {
            throw secretError();
          },
        })),
        filter('later', () => ({
          decodeHeaders() {
            seen.push('later');
          },
        })),
      ]);
      expect(seen).to.deep.equal([]);
    });

    it('leaves other streams of the same filter unaffected', async () => {
      const sometimes = filter('sometimes', () => ({
        async decodeHeaders(headers) {
          await flush();
          if (headers.get('x-fail')) throw secretError();
        },
      }));
      const [failed, passed] = await Promise.all([
        runFilter(sometimes, { headers: { 'x-fail': '1' } }),
        runFilter(sometimes, {}, { response: { status: 200, body: 'fine' } }),
      ]);
      expect(failed.response?.status).to.equal(500);
      expect(passed.response?.status).to.equal(200);
      expect(passed.response?.body.toString()).to.equal('fine');
      expect(errorLogs(passed.logs)).to.have.length(0);
    });

    it('lets no rejection escape unhandled', async () => {
      const seen = await unhandledRejectionsDuring(async () => {
        await runFilter(
          filter('broken', () => ({
            async decodeHeaders() {
              throw secretError();
            },
          })),
        );
      });
      expect(seen).to.deep.equal([]);
    });

    it('logs a rejection that comes after the stream was destroyed, without escaping', async () => {
      const stream = new FakeStream(
        filter('late', () => ({
          async decodeHeaders() {
            await delay(1);
            throw secretError();
          },
        })),
      );
      const seen = await unhandledRejectionsDuring(async () => {
        stream.sendRequest();
        stream.disconnect();
      });
      expect(seen).to.deep.equal([]);
      expect(stream.response).to.equal(undefined);
      expect(errorLogs(stream.logs)[0]?.filter).to.equal('late');
    });

    it('lets no rejection escape when a hook rejects after it already continued', async () => {
      const stream = new FakeStream(
        filter('confused', (callbacks) => ({
          async decodeHeaders() {
            callbacks.continue();
            await flush();
            throw secretError();
          },
        })),
      );
      const seen = await unhandledRejectionsDuring(async () => {
        stream.sendRequest().sendResponse({ status: 204 });
      });
      expect(seen).to.deep.equal([]);
      expect(stream.response?.status).to.equal(204);
      expect(errorLogs(stream.logs)[0]?.filter).to.equal('confused');
    });

    it('counts the failures on the chain', async () => {
      const stream = new FakeStream(
        filter('broken', () => ({
          decodeHeaders() {
            throw secretError();
          },
        })),
      );
      stream.sendRequest();
      expect(stream.manager.chain.filterErrors).to.equal(1);
    });
  });

  describe('bad values from filters', () => {
    it('answers 500 and names the hook when a hook returns something that is not a Status', async () => {
      const result = await runFilter(
        filter('sloppy', () => ({
          decodeHeaders: () => 'Continu' as unknown as Status,
        })),
      );
      expect(result.localReply?.code).to.equal(500);
      const [line] = errorLogs(result.logs);
      expect(line?.message).to.contain('decodeHeaders');
      expect(line?.filter).to.equal('sloppy');
      expect(codeOf(line?.error)).to.equal('ERR_INVALID_STATUS');
      expect((line?.error as Error | undefined)?.message).to.contain('"Continu"');
    });

    it('answers 500 and names the hook when an async hook resolves to something that is not a Status', async () => {
      const result = await runFilter(
        filter('sloppy', () => ({
          encodeHeaders: async () => 42 as unknown as Status,
        })),
      );
      expect(result.response?.status).to.equal(500);
      const [line] = errorLogs(result.logs);
      expect(line?.message).to.contain('encodeHeaders');
      expect(codeOf(line?.error)).to.equal('ERR_INVALID_STATUS');
    });

    it('answers 500 when a hook returns a Status its phase may not return', async () => {
      const result = await runFilter(
        filter('sloppy', () => ({
          decodeHeaders: () => Status.StopNoBuffer,
        })),
      );
      expect(result.localReply?.code).to.equal(500);
      expect(codeOf(errorLogs(result.logs)[0]?.error)).to.equal('ERR_INVALID_STATUS');
    });

    it('answers 500 when a hook returns LocalReply without sending one', async () => {
      const result = await runFilter(
        filter('sloppy', () => ({
          decodeHeaders: () => Status.LocalReply,
        })),
      );
      expect(result.localReply?.code).to.equal(500);
      expect(codeOf(errorLogs(result.logs)[0]?.error)).to.equal('ERR_INVALID_STATUS');
    });

    it('answers 500 when continue() is given something that is not a Status', async () => {
      const result = await runFilter(
        filter('sloppy', (callbacks) => ({
          decodeHeaders() {
            setImmediate(() => callbacks.continue('go' as unknown as Status));
            return Status.Running;
          },
        })),
      );
      expect(result.localReply?.code).to.equal(500);
      expect(codeOf(errorLogs(result.logs)[0]?.error)).to.equal('ERR_INVALID_STATUS');
    });

    for (const code of [99, 600, 404.5, Number.NaN]) {
      it(`answers 500 and logs ERR_INVALID_LOCAL_REPLY for a local reply code of ${code}`, async () => {
        const result = await runFilter(
          filter('sloppy', (callbacks) => ({
            decodeHeaders() {
              callbacks.sendLocalReply(code, 'nope');
              return Status.LocalReply;
            },
          })),
        );
        expect(result.localReply?.code).to.equal(500);
        expect(result.localReply?.body).to.equal(FILTER_ERROR_BODY);
        const [line] = errorLogs(result.logs);
        expect(line?.filter).to.equal('sloppy');
        expect(codeOf(line?.error)).to.equal('ERR_INVALID_LOCAL_REPLY');
      });
    }

    it('answers 500 and logs ERR_INVALID_HEADER when a filter sets a header value with CR LF', async () => {
      const result = await runFilter(
        filter('injector', () => ({
          decodeHeaders(headers) {
            headers.set('x-user', 'alice\r\nx-admin: true');
          },
        })),
      );
      expect(result.localReply?.code).to.equal(500);
      expect(result.request.ended).to.equal(false);
      expect(codeOf(errorLogs(result.logs)[0]?.error)).to.equal('ERR_INVALID_HEADER');
    });

    it('answers 500 and logs ERR_INVALID_HEADER when a filter sets a header name with LF', async () => {
      const result = await runFilter(
        filter('injector', () => ({
          encodeHeaders(headers) {
            headers.add('x-a\nx-b', 'v');
          },
        })),
      );
      expect(result.response?.status).to.equal(500);
      expect(codeOf(errorLogs(result.logs)[0]?.error)).to.equal('ERR_INVALID_HEADER');
    });

    it('answers 500 and logs ERR_INVALID_HEADER for a local reply header with CR LF', async () => {
      const result = await runFilter(
        filter('injector', (callbacks) => ({
          decodeHeaders() {
            callbacks.sendLocalReply(401, 'no', { 'www-authenticate': 'Basic\r\nset-cookie: x=1' });
            return Status.LocalReply;
          },
        })),
      );
      expect(result.localReply?.code).to.equal(500);
      expect(result.localReply?.headers.has('set-cookie')).to.equal(false);
      expect(result.localReply?.headers.has('www-authenticate')).to.equal(false);
      expect(codeOf(errorLogs(result.logs)[0]?.error)).to.equal('ERR_INVALID_HEADER');
    });
  });
});
