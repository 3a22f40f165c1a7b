import { existsSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { type ChainableFilter, StreamFilterError } from '@streamfilter/core';
import { forwardAuth } from './forward-auth';
import type { ForwardAuthOptions } from './options';

export const USAGE = `Usage: streamfilter-forward-auth --config <module> [--port 9000] [--host 127.0.0.1]

Serves a filter chain as the auth service of nginx (auth_request), Traefik (ForwardAuth) or
Envoy (ext_authz, HTTP service). The config module exports "filters" (an array of filters)
and, optionally, "options" (forwardAuth's options: trustForwardedHeaders, proxy, and chain
options such as filterTimeoutMs and observers).`;

/** A mistake in the command line or the config module: exit code 2, with the usage for the former. */
export class CliError extends Error {
  override name = 'CliError';
  /** The command line is at fault: print the usage too. */
  readonly usage: boolean;

  constructor(message: string, usage = false) {
    super(message);
    this.usage = usage;
  }
}

/** What the command line asks for. */
export interface CliArgs {
  config: string;
  port: number;
  host: string;
  help: boolean;
}

/** Parses `--config`, `--port`, `--host`, `--help`; throws `CliError` on anything else. */
export function parseCliArgs(argv: readonly string[]): CliArgs {
  let values: { config?: string; port?: string; host?: string; help?: boolean };
  try {
    ({ values } = parseArgs({
      args: [...argv],
      options: {
        config: { type: 'string', short: 'c' },
        port: { type: 'string', short: 'p' },
        host: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    }));
  } catch (error) {
    throw new CliError((error as Error).message, true);
  }
  const help = values.help === true;
  if (values.config === undefined && !help)
    throw new CliError('--config <module> is required', true);
  const port = Number(values.port ?? 9000);
  if (!Number.isInteger(port) || port < 0 || port > 65535 || values.port === '') {
    throw new CliError(
      `--port must be a port number from 0 to 65535, got ${JSON.stringify(values.port)}`,
      true,
    );
  }
  return { config: values.config ?? '', port, host: values.host ?? '127.0.0.1', help };
}

/** What a config module holds: `filters`, and optionally `options`. */
export interface ForwardAuthConfigModule {
  filters: readonly ChainableFilter[];
  options?: ForwardAuthOptions;
}

/**
 * Imports the config module at `file` (relative to `cwd`): named exports `filters` and
 * `options`, or a default export holding them. Throws `CliError` saying what is wrong.
 */
export async function loadConfig(
  file: string,
  cwd = process.cwd(),
): Promise<ForwardAuthConfigModule> {
  const absolute = path.resolve(cwd, file);
  if (!existsSync(absolute))
    throw new CliError(`config module ${file} not found (looked for ${absolute})`);
  let loaded: Record<string, unknown>;
  try {
    loaded = await import(pathToFileURL(absolute).href);
  } catch (error) {
    throw new CliError(`config module ${file} failed to load: ${(error as Error).message}`);
  }
  const exported = (
    loaded.filters === undefined && typeof loaded.default === 'object' && loaded.default !== null
      ? loaded.default
      : loaded
  ) as Record<string, unknown>;
  const { filters, options } = exported;
  if (!Array.isArray(filters)) {
    throw new CliError(
      `config module ${file} must export "filters", an array of filters (e.g. export const filters = [remoteBasicAuth({...})])`,
    );
  }
  if (options !== undefined && (options === null || typeof options !== 'object')) {
    throw new CliError(`config module ${file}: "options" must be an object`);
  }
  return { filters, options: options as ForwardAuthOptions | undefined };
}

/** A running forward-auth server. */
export interface RunningForwardAuth {
  url: string;
  close(): Promise<void>;
}

/** Builds the listener (validating filters and options) and listens on `host`:`port`. */
export async function startForwardAuth(
  config: ForwardAuthConfigModule,
  host: string,
  port: number,
): Promise<RunningForwardAuth> {
  const server = http.createServer(forwardAuth(config.filters, config.options));
  await new Promise<void>((resolve, reject) => {
    const failed = (error: Error) =>
      reject(new Error(`cannot listen on ${host}:${port}: ${error.message}`, { cause: error }));
    server.once('error', failed);
    server.listen(port, host, () => {
      server.off('error', failed);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  const shown = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  return {
    url: `http://${shown}:${address.port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeIdleConnections();
      }),
  };
}

/**
 * The command: prints where it listens, stops on Ctrl-C or SIGTERM. Exit code 2 for a mistake
 * in the command line or the config (bad filters or options included), 1 when it cannot listen.
 */
export async function main(argv: readonly string[]): Promise<void> {
  let running: RunningForwardAuth;
  try {
    const args = parseCliArgs(argv);
    if (args.help) {
      console.log(USAGE);
      return;
    }
    running = await startForwardAuth(await loadConfig(args.config), args.host, args.port);
  } catch (error) {
    const mistake = error instanceof CliError || error instanceof StreamFilterError;
    console.error(`streamfilter-forward-auth: ${(error as Error).message}`);
    if (error instanceof CliError && error.usage) console.error(`\n${USAGE}`);
    process.exitCode = mistake ? 2 : 1;
    return;
  }
  console.log(`forward auth listening on ${running.url}`);
  const stop = () => {
    running.close().then(() => {
      console.log('stopped');
      // Keep-alive sockets to an auth service would keep the process alive: end it here.
      process.exit(0);
    });
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}
