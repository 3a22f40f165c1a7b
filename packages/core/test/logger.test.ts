import { expect } from 'chai';
import { defaultLogger } from '../src/logger';

function captureStderr(run: () => void): string {
  const original = console.error;
  const lines: string[] = [];
  console.error = (...args: unknown[]) => {
    lines.push(args.map(String).join(' '));
  };
  try {
    run();
  } finally {
    console.error = original;
  }
  return lines.join('\n');
}

describe('defaultLogger', () => {
  it('drops debug and info lines', () => {
    const output = captureStderr(() => {
      defaultLogger('debug', 'noise');
      defaultLogger('info', 'more noise');
    });
    expect(output).to.equal('');
  });

  it('writes warnings with the filter they are about', () => {
    const output = captureStderr(() => defaultLogger('warn', 'slow', { filter: 'auth' }));
    expect(output).to.equal('streamfilter warn [auth]: slow');
  });

  it("prints an error's stack but never its own properties, where clients keep credentials", () => {
    const error = Object.assign(new Error('request failed'), {
      config: { headers: { authorization: 'Basic Zm9vOmJhcg==' }, data: '{"password":"bar"}' },
    });
    const output = captureStderr(() => defaultLogger('error', 'hook threw', { error }));
    expect(output).to.match(/^streamfilter error: hook threw\nError: request failed\n {4}at /);
    expect(output).to.not.include('Zm9vOmJhcg==');
    expect(output).to.not.include('password');
  });

  it('names what was thrown when it is not an Error, without printing it', () => {
    const output = captureStderr(() =>
      defaultLogger('error', 'hook threw', { error: { token: 'secret' } }),
    );
    expect(output).to.equal('streamfilter error: hook threw\na thrown object');
  });
});
