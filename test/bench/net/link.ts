// The benchmark's network link: a TCP proxy on 127.0.0.1 that delays every byte the way a wide-area path does.
//
// Model (per link, i.e. per user's access line):
// - Propagation: RTT/2 in each direction, applied to every chunk of every connection, so a TCP handshake, a TLS
//   handshake and each request/response exchange cost their real round trips.
// - TCP handshake: the kernel completes the loopback handshake at once, so the link charges it instead: nothing the
//   client sends leaves before connect time + 1 RTT (SYN, SYN-ACK), then travels RTT/2 like all data.
// - Bandwidth: one bottleneck per direction shared by every connection (the user's line), `bandwidthBps` bits per
//   second, first come first served; a chunk arrives when its last byte has crossed the line plus RTT/2.
// - Not modelled: TCP slow start and loss (a fresh connection sends at line rate at once — optimistic for large
//   transfers on new connections, equally for every client), per-packet header overhead, jitter.
// Delivery is never early: a chunk due at t is handed over at t or later (timers may fire late, never early).
import * as net from 'node:net';
import { performance } from 'node:perf_hooks';
import { closeServer, listenOnLoopback } from './loopbackServer';

export interface LinkProfile {
  /** Round-trip time added to every exchange, ms (0: none). */
  rttMs: number;
  /** Bottleneck bandwidth per direction, bits per second; undefined: unlimited. */
  bandwidthBps?: number;
}

export interface LinkStats {
  /** Client connections accepted since the last reset. */
  connections: number;
  /** Bytes client → server and server → client (as on the wire: TLS records, compressed bodies). */
  bytesUp: number;
  bytesDown: number;
}

interface Bottleneck {
  /** When the line is free again (performance.now() ms). */
  freeAt: number;
}

/** One direction of one connection: chunks in order, each with the time it may be delivered. */
class DelayedPipe {
  private readonly queue: Array<{ at: number; chunk: Buffer | null }> = [];
  private lastAt = 0;
  private timer: NodeJS.Timeout | undefined;
  private closed = false;

  constructor(
    private readonly dest: net.Socket,
    private readonly onBytes: (n: number) => void,
  ) {}

  /** `chunk` null: the source ended (half-close), delivered after the data before it. */
  push(at: number, chunk: Buffer | null): void {
    if (this.closed) return;
    const due = Math.max(at, this.lastAt);
    this.lastAt = due;
    this.queue.push({ at: due, chunk });
    this.schedule();
  }

  /** When the last queued chunk is due (performance.now() ms). */
  get drainedAt(): number {
    return this.queue.length === 0 ? 0 : this.lastAt;
  }

  close(): void {
    this.closed = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    this.queue.length = 0;
  }

  private schedule(): void {
    if (this.timer || this.queue.length === 0) return;
    const wait = this.queue[0].at - performance.now();
    if (wait <= 0) {
      this.flush();
      return;
    }
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.flush();
    }, Math.ceil(wait));
  }

  private flush(): void {
    const now = performance.now();
    while (this.queue.length > 0 && this.queue[0].at <= now) {
      const { chunk } = this.queue.shift() as { at: number; chunk: Buffer | null };
      if (this.dest.destroyed) continue;
      if (chunk === null) this.dest.end();
      else {
        this.onBytes(chunk.length);
        this.dest.write(chunk);
      }
    }
    this.schedule();
  }
}

export class NetworkLink {
  private profile: LinkProfile;
  private readonly up: Bottleneck = { freeAt: 0 };
  private readonly down: Bottleneck = { freeAt: 0 };
  private readonly sockets = new Set<net.Socket>();
  private server: net.Server | undefined;
  private counters: LinkStats = { connections: 0, bytesUp: 0, bytesDown: 0 };
  port = 0;

  constructor(
    private readonly upstream: { host: string; port: number },
    profile: LinkProfile,
  ) {
    this.profile = { ...profile };
  }

  /** Takes effect for every chunk sent from now on (connections already open included). */
  setProfile(profile: LinkProfile): void {
    this.profile = { ...profile };
  }

  getProfile(): LinkProfile {
    return { ...this.profile };
  }

  /** Counters since the last call. */
  takeStats(): LinkStats {
    const s = this.counters;
    this.counters = { connections: 0, bytesUp: 0, bytesDown: 0 };
    return s;
  }

  async listen(): Promise<void> {
    const server = net.createServer({ allowHalfOpen: true, noDelay: true }, (client) => this.accept(client));
    this.port = await listenOnLoopback(server);
    this.server = server;
  }

  async close(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    await closeServer(server, this.sockets);
  }

  /** When a chunk of `bytes` sent at `sendAt` arrives at the other end, through the bottleneck `line`. */
  private arrival(line: Bottleneck, sendAt: number, bytes: number): number {
    const { rttMs, bandwidthBps } = this.profile;
    let leaves = sendAt;
    if (bandwidthBps !== undefined && bandwidthBps > 0) {
      const start = Math.max(sendAt, line.freeAt);
      line.freeAt = start + (bytes * 8 * 1000) / bandwidthBps;
      leaves = line.freeAt;
    }
    return leaves + rttMs / 2;
  }

  private accept(client: net.Socket): void {
    this.counters.connections++;
    const connectedAt = performance.now();
    const server = net.connect({ host: this.upstream.host, port: this.upstream.port, allowHalfOpen: true, noDelay: true });
    this.sockets.add(client);
    this.sockets.add(server);
    const toServer = new DelayedPipe(server, (n) => { this.counters.bytesUp += n; });
    const toClient = new DelayedPipe(client, (n) => { this.counters.bytesDown += n; });
    // The SYN/SYN-ACK round trip: the client's first bytes cannot leave before it.
    const handshakeDone = connectedAt + this.profile.rttMs;
    client.on('data', (chunk: Buffer) => {
      toServer.push(this.arrival(this.up, Math.max(performance.now(), handshakeDone), chunk.length), chunk);
    });
    client.on('end', () => toServer.push(Math.max(performance.now(), handshakeDone) + this.profile.rttMs / 2, null));
    server.on('data', (chunk: Buffer) => {
      toClient.push(this.arrival(this.down, performance.now(), chunk.length), chunk);
    });
    server.on('end', () => toClient.push(performance.now() + this.profile.rttMs / 2, null));
    const teardown = (): void => {
      toServer.close();
      toClient.close();
      client.destroy();
      server.destroy();
      this.sockets.delete(client);
      this.sockets.delete(server);
    };
    // A reset on either side ends the pair at once.
    client.on('error', teardown);
    server.on('error', teardown);
    // A side that closed: the other one is closed too once what is still on its way has been delivered.
    const closeSoon = (): void => {
      const wait = Math.max(toServer.drainedAt, toClient.drainedAt, performance.now() + this.profile.rttMs / 2) - performance.now();
      setTimeout(teardown, Math.ceil(wait) + 1);
    };
    client.on('close', closeSoon);
    server.on('close', closeSoon);
  }
}
