/** A call shared by every caller that asked for the same key while it was in flight. */
interface Flight<T> {
  promise: Promise<T>;
  controller: AbortController;
  waiters: number;
}

/**
 * Concurrent calls for one key share one underlying call. Each caller passes its own signal:
 * when it aborts, that caller alone gets `aborted()`'s value; the shared call is aborted only
 * once every caller has gone, so one client's disconnect never fails the others.
 */
export class SingleFlight<T> {
  readonly #flights = new Map<string, Flight<T>>();
  readonly #aborted: () => T;

  /** @param aborted what a caller whose own signal aborted receives. */
  constructor(aborted: () => T) {
    this.#aborted = aborted;
  }

  /** How many distinct calls are in flight. */
  get size(): number {
    return this.#flights.size;
  }

  /** Joins the call in flight for `key`, or starts one with `start`. */
  run(
    key: string,
    signal: AbortSignal,
    start: (signal: AbortSignal) => Promise<T>,
  ): { joined: boolean; result: Promise<T> } {
    if (signal.aborted) return { joined: false, result: Promise.resolve(this.#aborted()) };
    let flight = this.#flights.get(key);
    const joined = flight !== undefined;
    if (flight === undefined) flight = this.#start(key, start);
    return { joined, result: this.#wait(key, flight, signal) };
  }

  #start(key: string, start: (signal: AbortSignal) => Promise<T>): Flight<T> {
    const controller = new AbortController();
    const flights = this.#flights;
    const flight: Flight<T> = { controller, waiters: 0, promise: start(controller.signal) };
    flights.set(key, flight);
    function land(): void {
      if (flights.get(key) === flight) flights.delete(key);
    }
    flight.promise.then(land, land);
    return flight;
  }

  #wait(key: string, flight: Flight<T>, signal: AbortSignal): Promise<T> {
    flight.waiters++;
    const flights = this.#flights;
    const aborted = this.#aborted;
    return new Promise<T>((resolve, reject) => {
      function leave(): void {
        resolve(aborted());
        if (--flight.waiters > 0) return;
        if (flights.get(key) === flight) flights.delete(key);
        flight.controller.abort();
      }
      signal.addEventListener('abort', leave, { once: true });
      flight.promise.then(
        (value) => {
          signal.removeEventListener('abort', leave);
          resolve(value);
        },
        (error: unknown) => {
          signal.removeEventListener('abort', leave);
          reject(error);
        },
      );
    });
  }
}
