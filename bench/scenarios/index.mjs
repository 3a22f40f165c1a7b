// Every scenario, in the order a full run takes them.
import basicAuth from './basic-auth.mjs';
import coreChain from './core-chain.mjs';
import express from './express.mjs';
import forwardAuth from './forward-auth.mjs';
import frameworks from './frameworks.mjs';
import hono from './hono.mjs';
import inProcess from './in-process.mjs';
import nodeHttp from './node-http.mjs';
import remoteAuth from './remote-auth.mjs';
import remoteAuthCache from './remote-auth-cache.mjs';
import sharedCache from './shared-cache.mjs';
import soak from './soak.mjs';

export const scenarios = [
  express,
  basicAuth,
  remoteAuth,
  remoteAuthCache,
  sharedCache,
  soak,
  coreChain,
  inProcess,
  forwardAuth,
  nodeHttp,
  frameworks,
  hono,
];
