// Child process hosting the local ISC tenant for the benchmark (plain HTTP on 127.0.0.1; clients reach it through
// the network of net/ in another process), so the tenant's own CPU work (building and serializing pages, parsing
// multipart) runs beside the clients being measured, as a remote tenant's would. Driven by tenantHandle.ts.
import { startMockTenant, type MockTenant } from '../mock-tenant/server';
import { generateConnectors } from '../mock-tenant/seed';
import { featuresFromApplicationXml, type LazyBytes } from '../mock-tenant/store';
import { serveCommands, type HostCommand } from './childHost';

function text(value: LazyBytes | string | undefined): string {
  if (value === undefined) return '';
  if (typeof value === 'string') return value;
  return (typeof value === 'function' ? value() : value).toString('utf8');
}

export type TenantCommand =
  | { cmd: 'start'; connectors: number; bigSourceConfigBytes: number; bigCopies: number; seed: number }
  | { cmd: 'resetRateLimit' }
  | { cmd: 'stats' }
  | { cmd: 'requests' }
  | { cmd: 'file'; scriptName: string }
  | HostCommand;

export interface TenantStarted {
  /** The tenant's own plain-HTTP URL (the network's upstream; clients use the network's URL). */
  upstreamUrl: string;
  clientId: string;
  clientSecret: string;
  /** The connector whose source config is the big one. */
  bigScriptName: string;
  /** Connectors that carry a copy of the big source config (the first is bigScriptName). */
  bigScriptNames: string[];
  /** Connectors with a source config of the generator's usual size. */
  typicalScriptNames: string[];
  bigSourceConfigBytes: number;
  /** Connectors the tenant lists (all of them RELEASED). */
  listed: number;
  /** Every listed script name, in the tenant's list order (what a correct listing returns). */
  listedScriptNames: string[];
}

export interface TenantStats {
  /** Requests received since the last `stats`. */
  requests: number;
  /** 429 answers among them. */
  tooManyRequests: number;
}

let tenant: MockTenant | undefined;

function requireTenant(): MockTenant {
  if (!tenant) throw new Error('tenant not started');
  return tenant;
}

async function handle(msg: Exclude<TenantCommand, HostCommand>): Promise<unknown> {
  switch (msg.cmd) {
    case 'start': {
      tenant = await startMockTenant({ seed: 'empty' });
      // Every generated connector RELEASED (the tenant lists only RELEASED ones), so all of them are listed.
      const inits = generateConnectors(msg.connectors, msg.seed, { bigSourceConfigBytes: msg.bigSourceConfigBytes });
      // Features read from each application XML once here, instead of on every list page (the store derives them
      // per request when not given): pages then cost the tenant little CPU, so the clients' own work stands out.
      const t = tenant;
      const scriptNames = inits.map((init) => t.store.add({
        ...init,
        status: 'RELEASED',
        features: featuresFromApplicationXml(text(init.files?.['source-template'])),
      }).scriptName);
      const bigScriptName = scriptNames[0];
      // More connectors with the same big source config, so every open in the editor is a first open.
      const big = t.store.getFile(bigScriptName, 'source-config');
      const bigScriptNames = scriptNames.slice(0, Math.max(1, msg.bigCopies));
      for (const name of bigScriptNames.slice(1)) t.store.setFile(name, 'source-config', big);
      const listed = t.store.list().filter((c) => c.status === 'RELEASED');
      const started: TenantStarted = {
        upstreamUrl: t.url,
        clientId: t.clientId,
        clientSecret: t.clientSecret,
        bigScriptName,
        bigScriptNames,
        typicalScriptNames: scriptNames.slice(100, 300),
        bigSourceConfigBytes: t.store.getFile(bigScriptName, 'source-config').length,
        listed: listed.length,
        listedScriptNames: listed.map((c) => c.scriptName),
      };
      return started;
    }
    case 'resetRateLimit':
      requireTenant().resetRateLimit();
      return null;
    case 'stats': {
      const t = requireTenant();
      const stats: TenantStats = { requests: t.requests.length, tooManyRequests: t.requests.filter((r) => r.status === 429).length };
      t.clearRequests(); // also frees the recorded 1 MB bodies
      return stats;
    }
    case 'requests': {
      const t = requireTenant();
      const list = t.requests.map((r) => `${r.method} ${r.path} ${r.status ?? '-'}`);
      t.clearRequests();
      return list;
    }
    case 'file':
      return requireTenant().store.getFile(msg.scriptName, 'source-config').toString('utf8');
  }
}

async function close(): Promise<void> {
  await tenant?.close();
  tenant = undefined;
}

if (process.send) serveCommands<TenantCommand>(handle, close);
