import http from 'node:http';
import type { AddressInfo } from 'node:net';

/** A listener served on a loopback ephemeral port. */
export interface Served {
  url: string;
  port: number;
  close(): Promise<void>;
}

export async function serve(listener: http.RequestListener): Promise<Served> {
  const server = http.createServer(listener);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
