import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { type HookTiming, StreamInfo } from '@streamfilter/core';
import type { Registry } from 'prom-client';

/** A hook event as the filter manager reports it, with defaults for what a test leaves out. */
export function timing(fields: Partial<HookTiming> = {}): HookTiming {
  return {
    filter: 'auth',
    index: 0,
    phase: 'decodeHeaders',
    outcome: 'continue',
    start: performance.now(),
    duration: 2,
    parked: 0,
    ...fields,
  };
}

/** A stream's info, with the given metadata. */
export function streamInfo(metadata: Record<string, unknown> = {}): StreamInfo {
  const info = new StreamInfo({ method: 'GET', path: '/' });
  for (const [key, value] of Object.entries(metadata)) info.metadata.set(key, value);
  return info;
}

/** The sample lines of a scrape (no comments), for exact comparisons. */
export function samples(text: string, name: string): string[] {
  return text.split('\n').filter((line) => line.startsWith(name));
}

/** A /metrics endpoint serving `registry` on loopback, as an app would. */
export async function metricsServer(registry: Registry): Promise<http.Server> {
  const server = http.createServer((req, res) => {
    if (req.url !== '/metrics') {
      res.writeHead(404).end();
      return;
    }
    registry.metrics().then((text) => {
      res.writeHead(200, { 'content-type': registry.contentType }).end(text);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return server;
}

export function urlOf(server: http.Server): string {
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}
