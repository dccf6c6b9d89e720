// Child process running the benchmark's network (delay link + TLS gateway, gateway.ts) in front of a tenant, so
// the link's timers are not held up by the tenant's or the clients' CPU work. Driven by ../tenantHandle.ts.
import { serveCommands, type HostCommand } from '../childHost';
import { startNetwork, type Network } from './gateway';
import type { LinkProfile, LinkStats } from './link';

export type NetCommand =
  | { cmd: 'start'; upstreamUrl: string; profile: LinkProfile }
  | { cmd: 'profile'; profile: LinkProfile }
  | { cmd: 'stats' }
  | HostCommand;

export interface NetStarted {
  url: string;
  caPem: string;
}

export type NetStats = LinkStats & { gzipped: number };

let network: Network | undefined;
let gzippedBefore = 0;

async function handle(msg: Exclude<NetCommand, HostCommand>): Promise<unknown> {
  switch (msg.cmd) {
    case 'start': {
      network = await startNetwork(msg.upstreamUrl, msg.profile);
      return { url: network.url, caPem: network.caPem } satisfies NetStarted;
    }
    case 'profile':
      if (!network) throw new Error('network not started');
      network.setProfile(msg.profile);
      return null;
    case 'stats': {
      if (!network) throw new Error('network not started');
      const gz = network.gzipped();
      const stats: NetStats = { ...network.takeStats(), gzipped: gz - gzippedBefore };
      gzippedBefore = gz;
      return stats;
    }
  }
}

async function close(): Promise<void> {
  await network?.close();
  network = undefined;
}

if (process.send) serveCommands<NetCommand>(handle, close);
