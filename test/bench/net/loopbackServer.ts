// Listening and closing as the benchmark's network servers (the delay link, the TLS gateway) do both.
import type { AddressInfo, Server, Socket } from 'node:net';

/** Starts `server` listening on a free port of 127.0.0.1 and resolves with that port. */
export async function listenOnLoopback(server: Server): Promise<number> {
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  return (server.address() as AddressInfo).port;
}

/** Destroys every open connection in `sockets` (and forgets them), then closes `server` (if any) and waits for it. */
export async function closeServer(server: Server | undefined, sockets: Set<Socket>): Promise<void> {
  for (const s of sockets) s.destroy();
  sockets.clear();
  if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
}
