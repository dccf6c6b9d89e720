// The benchmark's tenant as clients meet it: the local tenant (tenantHost.ts) in one child process behind the
// network (net/netHost.ts: delay link + TLS gateway with gzip) in another. Clients use `info.url` (https) and
// trust `info.caPem` through their own agent options.
import * as path from 'node:path';
import { ChildHost } from './childHost';
import type { NetworkProfile } from './net/gateway';
import type { NetCommand, NetStarted, NetStats } from './net/netHost';
import type { TenantCommand, TenantStarted, TenantStats } from './tenantHost';

export interface BenchTenantInfo extends TenantStarted, NetStarted {}

export interface BenchTenantOptions {
  connectors: number;
  bigSourceConfigBytes: number;
  bigCopies?: number;
  seed?: number;
  profile: NetworkProfile;
}

/** Whether `items` are the tenant's listed connectors, each once, in the tenant's order. */
export function isTheTenantsListing(info: BenchTenantInfo, scriptNames: readonly (string | undefined)[]): boolean {
  return scriptNames.length === info.listedScriptNames.length && scriptNames.every((n, i) => n === info.listedScriptNames[i]);
}

export class TenantHandle {
  private currentProfile: NetworkProfile;
  private constructor(
    private readonly tenant: ChildHost<TenantCommand>,
    private readonly net: ChildHost<NetCommand>,
    readonly info: BenchTenantInfo,
    profile: NetworkProfile,
  ) {
    this.currentProfile = profile;
  }

  static async start(opts: BenchTenantOptions): Promise<TenantHandle> {
    const tenant = ChildHost.start<TenantCommand>(path.join(__dirname, 'tenantHost.ts'), 'tenant host');
    const net = ChildHost.start<NetCommand>(path.join(__dirname, 'net', 'netHost.ts'), 'network host');
    try {
      const started = (await tenant.send({
        cmd: 'start', connectors: opts.connectors, bigSourceConfigBytes: opts.bigSourceConfigBytes, bigCopies: opts.bigCopies ?? 1, seed: opts.seed ?? 1,
      })) as TenantStarted;
      const network = (await net.send({ cmd: 'start', upstreamUrl: started.upstreamUrl, profile: opts.profile })) as NetStarted;
      return new TenantHandle(tenant, net, { ...started, ...network }, opts.profile);
    } catch (e) {
      await Promise.all([tenant.close(), net.close()]);
      throw e;
    }
  }

  get profile(): NetworkProfile {
    return this.currentProfile;
  }

  async setProfile(profile: NetworkProfile): Promise<void> {
    await this.net.send({ cmd: 'profile', profile: { rttMs: profile.rttMs, bandwidthBps: profile.bandwidthBps } });
    this.currentProfile = profile;
  }

  /** Forgets the tenant's rate-limit history: the same as waiting out its 10 s window, without the wait. */
  async resetRateLimit(): Promise<void> {
    await this.tenant.send({ cmd: 'resetRateLimit' });
  }

  /** Requests and 429s at the tenant since the last call. */
  async stats(): Promise<TenantStats> {
    return (await this.tenant.send({ cmd: 'stats' })) as TenantStats;
  }

  /** Connections and bytes on the link since the last call. */
  async netStats(): Promise<NetStats> {
    return (await this.net.send({ cmd: 'stats' })) as NetStats;
  }

  /** CPU milliseconds the tenant's and the network's processes have used so far. */
  async cpu(): Promise<{ tenant: number; net: number }> {
    const [tenant, net] = await Promise.all([this.tenant.send({ cmd: 'cpu' }), this.net.send({ cmd: 'cpu' })]);
    return { tenant: tenant as number, net: net as number };
  }

  /** The tenant's requests since the last `stats`/`requests` call, as `METHOD path status`. */
  async requests(): Promise<string[]> {
    return (await this.tenant.send({ cmd: 'requests' })) as string[];
  }

  /** A connector's source config as the tenant holds it (read in the tenant, no request on the wire). */
  async sourceConfig(scriptName: string): Promise<string> {
    return (await this.tenant.send({ cmd: 'file', scriptName })) as string;
  }

  async close(): Promise<void> {
    await Promise.all([this.net.close(), this.tenant.close()]);
  }
}
