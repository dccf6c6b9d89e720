// Request/reply over the IPC channel of a child process (run through tsx): the bench runs the tenant and the
// network in their own processes, so their CPU work is not charged to the clients being measured.
import { fork, type ChildProcess } from 'node:child_process';

type Reply = { id: number; ok: true; value: unknown } | { id: number; ok: false; error: string };

/** Parent side: `send` resolves with what the child's handler returned for the command. */
export class ChildHost<Command extends { cmd: string }> {
  private nextId = 1;
  private readonly pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  private constructor(private readonly child: ChildProcess, private readonly name: string) {}

  static start<C extends { cmd: string }>(modulePath: string, name: string): ChildHost<C> {
    const child = fork(modulePath, [], { execArgv: ['--import', 'tsx'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    const host = new ChildHost<C>(child, name);
    child.on('message', (m: Reply) => {
      const p = host.pending.get(m.id);
      if (!p) return;
      host.pending.delete(m.id);
      if (m.ok) p.resolve(m.value);
      else p.reject(new Error(`${name}: ${m.error}`));
    });
    child.on('exit', (code) => {
      for (const p of host.pending.values()) p.reject(new Error(`${name} exited (${code})`));
      host.pending.clear();
    });
    return host;
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  send(cmd: Command): Promise<unknown> {
    if (this.child.exitCode !== null) return Promise.reject(new Error(`${this.name} has exited`));
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.child.send({ ...cmd, id });
    });
  }

  /** Sends the `close` command (the child disconnects when done) and waits for the exit. */
  async close(): Promise<void> {
    await this.send({ cmd: 'close' } as Command).catch(() => undefined);
    if (this.child.exitCode === null) await new Promise((r) => this.child.once('exit', r));
  }
}

/** The commands every child host answers the same way (see `serveCommands`). */
export type HostCommand = { cmd: 'cpu' } | { cmd: 'close' };

/**
 * Child side: answers `cpu` with this process's CPU milliseconds, `close` by awaiting `close()` and then
 * disconnecting (so the process exits), and every other command with `handler`'s result.
 */
export function serveCommands<Command extends { cmd: string }>(
  handler: (cmd: Exclude<Command, HostCommand>) => Promise<unknown>,
  close: () => Promise<void>,
): void {
  const answer = async (msg: Command): Promise<unknown> => {
    if (msg.cmd === 'cpu') return cpuMs();
    if (msg.cmd !== 'close') return handler(msg as Exclude<Command, HostCommand>);
    await close();
    setImmediate(() => process.disconnect?.());
    return null;
  };
  process.on('message', (msg: Command & { id: number }) => {
    answer(msg).then(
      (value) => process.send?.({ id: msg.id, ok: true, value } satisfies Reply),
      (e: unknown) => process.send?.({ id: msg.id, ok: false, error: e instanceof Error ? e.stack ?? e.message : String(e) } satisfies Reply),
    );
  });
}

/** CPU milliseconds this process has used so far (user + system). */
export function cpuMs(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
}
