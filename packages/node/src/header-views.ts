import type { IncomingMessage } from 'node:http';
import type { RequestHeaderMap } from '@streamfilter/core';

/**
 * Makes `req.rawHeaders` and `req.headersDistinct` say what `req.headers` says after the filters
 * changed it, so a header a filter removed or replaced (a client-sent identity header) survives
 * in no view the application may read. Lines of unchanged headers keep their order and case.
 * Costs nothing when no filter changed a header.
 */
export function syncHeaderViews(req: IncomingMessage, headers: RequestHeaderMap): void {
  const changed = headers.changedNames;
  if (changed.length === 0) return;
  const received = req.rawHeaders;
  const raw: string[] = [];
  for (let i = 0; i + 1 < received.length; i += 2) {
    const name = received[i]!;
    if (!changed.includes(name.toLowerCase())) raw.push(name, received[i + 1]!);
  }
  const record = headers.record;
  for (const name of changed) {
    const value = record[name];
    if (value === undefined) continue;
    if (Array.isArray(value)) for (const one of value) raw.push(name, one);
    else raw.push(name, value as string);
  }
  const distinct: Record<string, string[]> = {};
  for (let i = 0; i < raw.length; i += 2) {
    const name = raw[i]!.toLowerCase();
    const values = distinct[name];
    if (values === undefined) distinct[name] = [raw[i + 1]!];
    else values.push(raw[i + 1]!);
  }
  req.rawHeaders = raw;
  (req as { headersDistinct: Record<string, string[]> }).headersDistinct = distinct;
}
