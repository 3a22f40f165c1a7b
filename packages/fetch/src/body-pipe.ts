/** What a {@link BodyPipe} tells its owner. */
export interface PipeEvents {
  /** The consumer took a chunk or asked for one: a feeder held back may go on. */
  wanted(): void;
  /** The consumer received the end of the body. */
  done(): void;
  /** The consumer cancelled the stream (for a response: the client is gone). */
  cancelled(): void;
}

/**
 * A body handed to one consumer as a `ReadableStream`, fed chunk by chunk by the chain. The
 * consumer pulls: while a chunk waits unread the pipe is `full`, and the feeder holds off, so a
 * slow consumer slows the producer down instead of filling memory.
 */
export class BodyPipe {
  /** `null` for a body nobody may read (a 204's, say): what is pushed is dropped. */
  readonly stream: ReadableStream<Uint8Array> | null;
  readonly #events: PipeEvents;
  #controller: ReadableStreamDefaultController<Uint8Array> | undefined;
  #queue: Uint8Array[] = [];
  #ended = false;
  /** A read waits for a chunk. */
  #pulling = false;
  /** Closed, errored or cancelled: nothing more goes in. */
  #closed = false;

  constructor(events: PipeEvents, readable = true) {
    this.#events = events;
    this.stream = readable
      ? new ReadableStream<Uint8Array>(
          {
            start: (controller) => {
              this.#controller = controller;
            },
            pull: () => this.#pull(),
            cancel: () => {
              if (this.#closed) return;
              this.#closed = true;
              this.#queue = [];
              this.#events.cancelled();
            },
          },
          { highWaterMark: 0 },
        )
      : null;
  }

  /** A chunk is still unread. */
  get full(): boolean {
    return this.#queue.length > 0;
  }

  push(data: Uint8Array, end: boolean): void {
    if (this.#closed || this.#ended) return;
    this.#ended = end;
    if (this.stream === null) {
      if (end) this.#close();
      return;
    }
    if (data.length > 0) {
      if (this.#pulling) {
        this.#pulling = false;
        this.#controller!.enqueue(data);
      } else {
        this.#queue.push(data);
      }
    }
    if (end && this.#queue.length === 0) this.#close();
  }

  /** The body cannot be completed: its reader gets `reason`. */
  error(reason: unknown): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#queue = [];
    this.#controller?.error(reason);
  }

  #pull(): void {
    const chunk = this.#queue.shift();
    if (chunk === undefined) {
      this.#pulling = true;
    } else {
      this.#controller!.enqueue(chunk);
      if (this.#ended && this.#queue.length === 0) this.#close();
    }
    this.#events.wanted();
  }

  #close(): void {
    this.#closed = true;
    this.#controller?.close();
    this.#events.done();
  }
}
