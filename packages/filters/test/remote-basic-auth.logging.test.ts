import { inspect } from 'node:util';
import type { LogContext, LogLevel } from '@streamfilter/core';
import { runFilter } from '@streamfilter/core/testing';
import { type RemoteBasicAuthCallOptions, remoteBasicAuth } from '@streamfilter/filters';
import { expect } from 'chai';
import { type AuthMode, AuthService, basic, closedPort } from './support/auth-service';

const PASSWORD = 's3cr3t-Pa55';
const AUTHORIZATION = basic('foo', PASSWORD);
const TOKEN = AUTHORIZATION.slice('Basic '.length);

interface Line {
  level: LogLevel;
  message: string;
  context: LogContext | undefined;
}

describe('remoteBasicAuth() logging', () => {
  let service: AuthService;
  let lines: Line[];

  beforeEach(async () => {
    service = await AuthService.start();
    service.users = { foo: PASSWORD };
    lines = [];
  });

  afterEach(async () => {
    await service.close();
  });

  async function run(options: RemoteBasicAuthCallOptions & { url?: string }) {
    // Short only where the timeout is what the test is about: a busy machine can take longer
    // than 50 ms to answer, and the reason logged would then be a timeout.
    const timeoutMs = service.mode === 'hold' ? 50 : 5000;
    const auth = remoteBasicAuth({ timeoutMs, ...options, url: options.url ?? service.url });
    return runFilter(
      auth,
      { headers: { authorization: AUTHORIZATION } },
      { logger: (level, message, context) => lines.push({ level, message, context }) },
    );
  }

  function expectNoSecrets(): void {
    for (const line of lines) {
      const text = `${line.message} ${inspect(line.context, { depth: 10 })}`;
      for (const secret of [PASSWORD, TOKEN, 'authorization']) {
        expect(text.toLowerCase()).not.to.include(secret.toLowerCase());
      }
    }
  }

  const failures: ReadonlyArray<readonly [AuthMode, number, string]> = [
    ['status', 500, 'status 500'],
    ['redirect', 0, 'redirect 302'],
    ['huge', 0, 'response larger than maxResponseBytes'],
    ['reset', 0, 'network error ECONNRESET'],
    ['hold', 0, 'timeout after 50 ms'],
  ];

  for (const [mode, status, reason] of failures) {
    it(`logs a warning naming the trouble (${reason}), without secrets`, async () => {
      Object.assign(service, { mode, status });
      await run({});
      expect(lines.map((l) => [l.level, l.message])).to.deep.equal([
        ['warn', `auth service check failed (${reason}): answering 503`],
      ]);
      expectNoSecrets();
    });
  }

  it('logs a refused connection, without secrets', async () => {
    await run({ url: `http://127.0.0.1:${await closedPort()}/check`, failOpen: true });
    expect(lines.map((l) => l.message)).to.deep.equal([
      'auth service check failed (network error ECONNREFUSED): failing open',
    ]);
    expectNoSecrets();
  });

  it('logs nothing on allow or deny', async () => {
    // A generous deadline: a busy machine must not turn an answer into a logged timeout.
    await run({ timeoutMs: 10_000 });
    service.users = {};
    await run({ timeoutMs: 10_000 });
    expect(lines).to.deep.equal([]);
  });
});
