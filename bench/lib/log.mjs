// Progress lines on stderr, stamped with the time since the run began.
const started = Date.now();

export function progress(message) {
  const seconds = ((Date.now() - started) / 1000).toFixed(0).padStart(4);
  process.stderr.write(`[${seconds}s] ${message}\n`);
}
