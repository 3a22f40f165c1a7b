import type { Frame, HeadersFrame } from './frames';
import { setFraming } from './frames';
import type { ResponseHeaderMap } from './header-map';

/** A response that carries no body whatever its headers say (RFC 9110 §6.4.1, §9.3.2). */
function bodiless(status: number, method: string | undefined): boolean {
  return method === 'HEAD' || status < 200 || status === 204 || status === 304;
}

/**
 * Frames response headers that waited for the first body frame because a data hook may change
 * the body. One frame is the whole body: its length. The data hooks left the first chunk as it
 * came: the application's framing stands (`express.static`, `sendFile`, ranges keep their
 * Content-Length). Otherwise chunked. Returns the length the headers announce for the rest of
 * the body to be held to, or -1.
 */
export function frameResponse(
  held: HeadersFrame,
  first: Frame,
  method: string | undefined,
): number {
  const headers = held.headers as ResponseHeaderMap;
  if (bodiless(headers.status, method)) return -1;
  if (first.kind === 'data' && first.end) {
    setFraming(headers, first.buffer.length);
    return -1;
  }
  const declared = headers.get('content-length');
  if (first.kind === 'data' && first.size === first.buffer.length && declared !== undefined) {
    const length = Number(declared);
    if (Number.isSafeInteger(length) && length >= 0) return length;
  }
  setFraming(headers, -1);
  return -1;
}
