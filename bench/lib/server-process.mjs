// Starts a server from bench/servers/ in its own process and waits for the port it prints.
import { fork } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';

const SERVERS = new URL('../servers/', import.meta.url);
const START_TIMEOUT_MS = 15_000;

/** A running server: `url` on 127.0.0.1, `memory()` (needs `gc: true`), and `stop()`. */
export async function startServer(name, { env = {}, gc = false } = {}) {
  const child = fork(fileURLToPath(new URL(`${name}.mjs`, SERVERS)), [], {
    env: { ...process.env, ...env },
    execArgv: gc ? ['--expose-gc'] : [],
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
  });
  let stderr = '';
  child.stderr.on('data', (chunk) => {
    stderr += chunk;
  });
  const port = await new Promise((resolve, reject) => {
    let stdout = '';
    const timer = setTimeout(
      () => fail(new Error('did not print its port in time')),
      START_TIMEOUT_MS,
    );
    const fail = (error) => {
      clearTimeout(timer);
      child.kill();
      const detail = stderr.trim().split('\n').slice(0, 8).join('\n');
      reject(new Error(`server ${name}: ${error.message}${detail ? `\n${detail}` : ''}`));
    };
    child.once('exit', (code) => fail(new Error(`exited with code ${code} before listening`)));
    child.stdout.on('data', (chunk) => {
      stdout += chunk;
      const line = stdout.split('\n').find((l) => l.startsWith('{"port"'));
      if (line === undefined) return;
      clearTimeout(timer);
      child.removeAllListeners('exit');
      resolve(JSON.parse(line).port);
    });
  });
  return {
    name,
    port,
    url: `http://127.0.0.1:${port}`,
    pid: child.pid,
    async memory() {
      child.send({ type: 'memory' });
      const [message] = await once(child, 'message');
      return message.usage;
    },
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = once(child, 'exit');
      child.kill();
      await exited;
    },
  };
}

/** Starts several servers; stops them all (and rethrows) if one fails to start. */
export async function startServers(specs) {
  const started = [];
  try {
    for (const [name, options] of specs) started.push(await startServer(name, options));
    return started;
  } catch (error) {
    await stopAll(started);
    throw error;
  }
}

export async function stopAll(servers) {
  await Promise.all(servers.map((server) => server.stop()));
}
