// Child process hosting the local ISC tenant for the benchmark, so the tenant's own CPU work (building and
// serializing pages, parsing multipart) runs on another core than the clients being measured — as a remote
// tenant would. Driven over the IPC channel by tenantHandle.ts.
import { startMockTenant, type MockTenant } from '../mock-tenant/server';
import { generateConnectors } from '../mock-tenant/seed';
import { featuresFromApplicationXml, type LazyBytes } from '../mock-tenant/store';

function text(value: LazyBytes | string | undefined): string {
  if (value === undefined) return '';
  if (typeof value === 'string') return value;
  return (typeof value === 'function' ? value() : value).toString('utf8');
}

export type HostCommand =
  | { id: number; cmd: 'start'; connectors: number; bigSourceConfigBytes: number; bigCopies: number; seed: number }
  | { id: number; cmd: 'latency'; ms: number }
  | { id: number; cmd: 'resetRateLimit' }
  | { id: number; cmd: 'stats' }
  | { id: number; cmd: 'requests' }
  | { id: number; cmd: 'close' };

export interface HostStarted {
  url: string;
  clientId: string;
  clientSecret: string;
  /** The connector whose source config is the big one. */
  bigScriptName: string;
  /** Connectors that carry a copy of the big source config (the first is bigScriptName). */
  bigScriptNames: string[];
  /** Connectors with a source config of the generator's usual size. */
  typicalScriptNames: string[];
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
      // Features read from each application XML once here, instead of on every list page (the store derives them
      // per request when not given): pages then cost the tenant little CPU, so the clients' own work stands out.
      const scriptNames = inits.map((init) => tenant?.store.add({
        ...init,
        status: 'RELEASED',
        features: featuresFromApplicationXml(text(init.files?.['source-template'])),
      }).scriptName ?? '');
      const bigScriptName = scriptNames[0];
      // More connectors with the same big source config, so every open in the editor is a first open.
      const big = tenant.store.getFile(bigScriptName, 'source-config');
      const bigScriptNames = scriptNames.slice(0, Math.max(1, msg.bigCopies));
      for (const name of bigScriptNames.slice(1)) tenant.store.setFile(name, 'source-config', big);
      const started: HostStarted = {
        url: tenant.url,
        clientId: tenant.clientId,
        clientSecret: tenant.clientSecret,
        bigScriptName,
        bigScriptNames,
        typicalScriptNames: scriptNames.slice(100, 120),
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
    case 'requests': {
      const t = requireTenant();
      const list = t.requests.map((r) => `${r.method} ${r.path} ${r.status ?? '-'}`);
      t.clearRequests();
      return list;
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
