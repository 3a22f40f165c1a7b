// How a server under test talks to the orchestrator: it prints `{"port":N}` once listening, and
// (started with --expose-gc) answers an IPC `memory` message with a forced full gc and
// process.memoryUsage(). It exits when the orchestrator goes away.
export function announce(server) {
  server.once('listening', () => {
    console.log(JSON.stringify({ port: server.address().port }));
  });
  process.on('message', (message) => {
    if (message?.type !== 'memory') return;
    if (typeof globalThis.gc === 'function') {
      globalThis.gc();
      globalThis.gc();
    }
    process.send({ type: 'memory', usage: process.memoryUsage() });
  });
  process.on('disconnect', () => process.exit(0));
}
