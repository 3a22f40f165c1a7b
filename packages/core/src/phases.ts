import { type FilterChain, learnedPhasesOf } from './filter-chain';
import type { StreamFilter } from './types';

/** Which hooks the filters of a chain implement, as bits. Internal: decided once per chain. */
export const Phase = Object.freeze({
  DecodeHeaders: 1,
  DecodeData: 2,
  DecodeTrailers: 4,
  EncodeHeaders: 8,
  EncodeData: 16,
  EncodeTrailers: 32,
  Log: 64,
  Destroy: 128,
});

export const ENCODE_ANY = Phase.EncodeHeaders | Phase.EncodeData | Phase.EncodeTrailers;
export const REQUEST_BODY = Phase.DecodeData | Phase.DecodeTrailers;
/** Phases that keep a stream's manager needed after its request reached the application. */
export const LIFECYCLE = Phase.Log | Phase.Destroy | ENCODE_ANY | REQUEST_BODY;
export const ALL_PHASES = 0xff;

const HOOK_PHASES: ReadonlyArray<[keyof StreamFilter, number]> = [
  ['decodeHeaders', Phase.DecodeHeaders],
  ['decodeData', Phase.DecodeData],
  ['decodeTrailers', Phase.DecodeTrailers],
  ['encodeHeaders', Phase.EncodeHeaders],
  ['encodeData', Phase.EncodeData],
  ['encodeTrailers', Phase.EncodeTrailers],
  ['onLog', Phase.Log],
  ['onDestroy', Phase.Destroy],
];

/** The phases of `chain`, read from the first stream's filter instances and kept. */
export function phasesOf(
  chain: FilterChain,
  filters: readonly { readonly instance: StreamFilter }[],
): number {
  const learned = learnedPhasesOf(chain);
  if (learned.phases !== undefined) return learned.phases;
  let phases = 0;
  for (const { instance } of filters) {
    for (const [hook, bit] of HOOK_PHASES) {
      if (typeof instance[hook] === 'function') phases |= bit;
    }
  }
  learned.phases = phases;
  return phases;
}
