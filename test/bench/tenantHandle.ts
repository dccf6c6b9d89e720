// Parent side of tenantHost.ts: starts the tenant in a child process (through tsx) and sends it commands.
import { fork, type ChildProcess } from 'node:child_process';
import * as path from 'node:path';
import type { HostCommand, HostReply, HostStarted, HostStats } from './tenantHost';

type Command = HostCommand extends infer C ? (C extends { id: number } ? Omit<C, 'id'> : never) : never;

export class TenantHandle {
  private nextId = 1;
  private readonly pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  private started: HostStarted | undefined;
  private constructor(private readonly child: ChildProcess) {}

  /** The tenant's URL, credentials and seeded data. */
  get info(): HostStarted {
    if (!this.started) throw new Error('tenant not started');
    return this.started;
  }

  static async start(opts: { connectors: number; bigSourceConfigBytes: number; bigCopies?: number; seed?: number }): Promise<TenantHandle> {
    const child = fork(path.join(__dirname, 'tenantHost.ts'), [], {
      execArgv: ['--import', 'tsx'],
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    const handle = new TenantHandle(child);
    child.on('message', (m: HostReply) => {
      const p = handle.pending.get(m.id);
      if (!p) return;
      handle.pending.delete(m.id);
      if (m.ok) p.resolve(m.value);
      else p.reject(new Error(`tenant host: ${m.error}`));
    });
    child.on('exit', (code) => {
      for (const p of handle.pending.values()) p.reject(new Error(`tenant host exited (${code})`));
      handle.pending.clear();
    });
    handle.started = (await handle.send({
      cmd: 'start', connectors: opts.connectors, bigSourceConfigBytes: opts.bigSourceConfigBytes, bigCopies: opts.bigCopies ?? 1, seed: opts.seed ?? 1,
    })) as HostStarted;
    return handle;
  }

  private send(cmd: Command): Promise<unknown> {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.child.send({ ...cmd, id });
    });
  }

  setLatency(ms: number): Promise<unknown> { return this.send({ cmd: 'latency', ms }); }
  /** Forgets the rate-limit history: the same as waiting out the 10 s window, without the wait. */
  resetRateLimit(): Promise<unknown> { return this.send({ cmd: 'resetRateLimit' }); }
  /** Requests and 429s since the last call. */
  async stats(): Promise<HostStats> { return (await this.send({ cmd: 'stats' })) as HostStats; }
  /** The requests since the last `stats`/`requests` call, as `METHOD path status`. */
  async requests(): Promise<string[]> { return (await this.send({ cmd: 'requests' })) as string[]; }
  async close(): Promise<void> {
    await this.send({ cmd: 'close' }).catch(() => undefined);
    if (this.child.exitCode === null) await new Promise((r) => this.child.once('exit', r));
  }
}
