// How long each kind of run measures. The full run stays under 10 minutes on 2 cores.
export const profiles = {
  full: {
    quick: false,
    rounds: 8,
    seconds: 3,
    warmupSeconds: 2,
    soak: { warmup: 20_000, batches: 10, batchSize: 20_000 },
  },
  quick: {
    quick: true,
    rounds: 1,
    seconds: 2,
    warmupSeconds: 1,
    soak: { warmup: 5_000, batches: 4, batchSize: 5_000 },
  },
};
