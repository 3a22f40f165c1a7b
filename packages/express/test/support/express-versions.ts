import express5 from 'express';
import express4 from 'express4';

/** Express 5 and Express 4: the adapter's whole suite runs against both. */
export const expressVersions: ReadonlyArray<{ name: string; express: typeof express5 }> = [
  { name: 'Express 5', express: express5 },
  { name: 'Express 4', express: express4 as unknown as typeof express5 },
];
