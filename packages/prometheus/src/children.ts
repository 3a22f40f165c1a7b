/**
 * Label children of one metric, made once per pair of label values and kept: prom-client's
 * `labels()` checks and copies its arguments on every call, which a per-hook path should not.
 */
export class Children<A, B, C> {
  readonly #byFirst = new Map<A, Map<B, C>>();
  readonly #make: (a: A, b: B) => C;

  constructor(make: (a: A, b: B) => C) {
    this.#make = make;
  }

  get(a: A, b: B): C {
    let inner = this.#byFirst.get(a);
    if (inner === undefined) {
      inner = new Map();
      this.#byFirst.set(a, inner);
    }
    let child = inner.get(b);
    if (child === undefined) {
      child = this.#make(a, b);
      inner.set(b, child);
    }
    return child;
  }
}
