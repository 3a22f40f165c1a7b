#!/usr/bin/env node

// The command of @streamfilter/node: serves the filter chain of a config module as an auth
// endpoint for nginx, Traefik or Envoy. See `streamfilter-forward-auth --help`.
require('../dist/forward-auth/cli.js').main(process.argv.slice(2));
