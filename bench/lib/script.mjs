// Runs a benchmark script of bench/ as its own process and reads the JSON line it prints last
// with --json; its other lines are echoed as progress.
import { spawn } from 'node:child_process';
import { basename } from 'node:path';
import { progress } from './log.mjs';

/** Runs `script` with `args`; resolves to the last JSON line it printed. */
export async function runJsonScript(script, args) {
  const name = basename(script);
  const stdout = await new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [script, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let stderr = '';
    let echoed = 0;
    child.stdout.on('data', (chunk) => {
      out += chunk;
      const lines = out.split('\n');
      for (const line of lines.slice(echoed, -1)) {
        if (line.trim() && !line.startsWith('{')) progress(`  ${line}`);
      }
      echoed = lines.length - 1;
    });
    child.stderr.on('data', (chunk) => {
      stderr += chunk;
    });
    child.on('error', reject);
    child.on('exit', (code) => {
      if (code === 0) return resolve(out);
      const last = stderr.trim().split('\n').at(-1);
      reject(new Error(`${name} exited with code ${code}: ${last}`));
    });
  });
  for (const line of stdout.trim().split('\n').reverse()) {
    try {
      return JSON.parse(line);
    } catch {}
  }
  throw new Error(`${name} --json printed no JSON line`);
}
