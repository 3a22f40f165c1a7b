export * from './seed-scenario.js';
export * from './serve.js';
