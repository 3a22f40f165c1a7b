import type { Host } from '../host';
import { express4Host, express5Host } from './express';
import { fastify4Host, fastify5Host } from './fastify';
import { fetchHost } from './fetch';
import { honoHost } from './hono';
import { koa2Host, koa3Host } from './koa';
import { nodeHost } from './node';

/** Every host the conformance suite runs against. */
export const HOSTS: readonly Host[] = [
  express5Host,
  express4Host,
  nodeHost,
  fastify5Host,
  fastify4Host,
  koa3Host,
  koa2Host,
  fetchHost,
  honoHost,
];
