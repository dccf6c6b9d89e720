// Child process hosting the local ISC tenant for the benchmark, so the tenant's own CPU work (building and
// serializing pages, parsing multipart) runs on another core than the clients being measured — as a remote
// tenant would. Driven over the IPC channel by tenantHandle.ts.
import { startMockTenant, type MockTenant } from '../mock-tenant/server';
import { generateConnectors } from '../mock-tenant/seed';

export type HostCommand =
  | { id: number; cmd: 'start'; connectors: number; bigSourceConfigBytes: number; seed: number }
  | { id: number; cmd: 'latency'; ms: number }
  | { id: number; cmd: 'resetRateLimit' }
  | { id: number; cmd: 'stats' }
  | { id: number; cmd: 'close' };

export interface HostStarted {
  url: string;
  clientId: string;
  clientSecret: string;
  /** The connector whose source config is the big one. */
  bigScriptName: string;
  bigSourceConfigBytes: number;
  listed: number;
}

export interface HostStats {
  /** Requests received since the last `stats`. */
  requests: number;
  /** 429 answers among them. */
  tooManyRequests: number;
}

export type HostReply = { id: number; ok: true; value: unknown } | { id: number; ok: false; error: string };

let tenant: MockTenant | undefined;

async function handle(msg: HostCommand): Promise<unknown> {
  switch (msg.cmd) {
    case 'start': {
      tenant = await startMockTenant({ seed: 'empty' });
      // Every generated connector RELEASED (the tenant lists only RELEASED ones), so all of them are listed.
      const inits = generateConnectors(msg.connectors, msg.seed, { bigSourceConfigBytes: msg.bigSourceConfigBytes });
      let bigScriptName = '';
      for (const [i, init] of inits.entries()) {
        const c = tenant.store.add({ ...init, status: 'RELEASED' });
        if (i === 0) bigScriptName = c.scriptName;
      }
      const started: HostStarted = {
        url: tenant.url,
        clientId: tenant.clientId,
        clientSecret: tenant.clientSecret,
        bigScriptName,
        bigSourceConfigBytes: tenant.store.getFile(bigScriptName, 'source-config').length,
        listed: tenant.store.list().filter((c) => c.status === 'RELEASED').length,
      };
      return started;
    }
    case 'latency':
      requireTenant().faults.latencyMs = msg.ms;
      return null;
    case 'resetRateLimit':
      requireTenant().resetRateLimit();
      return null;
    case 'stats': {
      const t = requireTenant();
      const stats: HostStats = { requests: t.requests.length, tooManyRequests: t.requests.filter((r) => r.status === 429).length };
      t.clearRequests(); // also frees the recorded 1 MB bodies
      return stats;
    }
    case 'close':
      await tenant?.close();
      tenant = undefined;
      setImmediate(() => process.disconnect?.());
      return null;
  }
}

function requireTenant(): MockTenant {
  if (!tenant) throw new Error('tenant not started');
  return tenant;
}

process.on('message', (msg: HostCommand) => {
  handle(msg).then(
    (value) => process.send?.({ id: msg.id, ok: true, value } satisfies HostReply),
    (e: unknown) => process.send?.({ id: msg.id, ok: false, error: e instanceof Error ? e.stack ?? e.message : String(e) } satisfies HostReply),
  );
});
