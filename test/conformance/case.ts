import type { Capabilities, Host, HostSetup, RunningHost } from './host';

/** One behaviour every host must show, written once against the {@link Host} interface. */
export interface Case {
  /** A sentence about behaviour: `it(name)`. */
  name: string;
  /** Capabilities the case needs; a host without one reports the case as not applicable. */
  requires?: ReadonlyArray<keyof Capabilities>;
  run(host: Host): Promise<void>;
}

/** The cases of one topic (one file in `cases/`), with what they share across hosts. */
export interface Topic {
  name: string;
  /** Once before the topic runs on any host (e.g. start a real auth service). */
  before?(): Promise<void>;
  after?(): Promise<void>;
  cases: readonly Case[];
}

/** Starts `host` with `setup`, runs `use` against it, and always closes it. */
export async function serve<T>(
  host: Host,
  setup: HostSetup,
  use: (server: RunningHost) => Promise<T>,
): Promise<T> {
  const server = await host.start(setup);
  try {
    return await use(server);
  } finally {
    await server.close();
  }
}
