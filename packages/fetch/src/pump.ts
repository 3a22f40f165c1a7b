const EMPTY = new Uint8Array(0);

/** When a {@link pump} may read on. */
export interface PumpGate {
  /** Whether the body is still wanted; once false, the pump cancels the reader and returns. */
  open(): boolean;
  /** Whether to wait (back-pressure) before reading the next chunk. */
  held(): boolean;
  /** Resolves at the next change that may open or release the gate. */
  changed(): Promise<void>;
}

/**
 * Reads a body into `feed` one chunk at a time, the end as an empty chunk with `end` set,
 * holding off while the gate says so. A failed read rejects: the caller decides what it means.
 */
export async function pump(
  reader: ReadableStreamDefaultReader<Uint8Array>,
  gate: PumpGate,
  feed: (chunk: Uint8Array, end: boolean) => void,
): Promise<void> {
  for (;;) {
    while (gate.open() && gate.held()) await gate.changed();
    if (!gate.open()) break;
    const { done, value } = await reader.read();
    if (!gate.open()) break;
    if (done) {
      feed(EMPTY, true);
      return;
    }
    feed(value, false);
  }
  reader.cancel().catch(() => {});
}
