// The benchmark's API gateway: HTTPS (TLS 1.3, a test CA made at run time) in front of the local tenant, behind
// the delay link (link.ts), as a client on the internet meets ISC:
//
//   client ──TCP──▶ NetworkLink (RTT/2 each way, bandwidth cap) ──TCP──▶ Gateway (TLS, gzip) ──HTTP──▶ tenant
//
// The gateway forwards every request as it is (method, raw path, headers, body) over keep-alive HTTP/1.1 and
// compresses a response with gzip (level 1, nginx's default) when the client's Accept-Encoding allows it and the
// body is text of at least 1 KB (as nginx `gzip_min_length` / CloudFront do). `startNetwork` builds the whole chain.
import * as http from 'node:http';
import * as https from 'node:https';
import type { Socket } from 'node:net';
import { pipeline } from 'node:stream';
import * as zlib from 'node:zlib';
import { closeServer, listenOnLoopback } from './loopbackServer';
import { NetworkLink, type LinkProfile, type LinkStats } from './link';
import { makeTestCertificates } from './testCa';

/** The network profiles of the benchmark. Loopback: no added delay, no bandwidth cap (TLS and gzip still on). */
export interface NetworkProfile extends LinkProfile {
  id: string;
  label: string;
}

export const DEFAULT_BANDWIDTH_BPS = 50_000_000;

export function networkProfile(rttMs: number, bandwidthBps = DEFAULT_BANDWIDTH_BPS): NetworkProfile {
  if (rttMs === 0) return { id: 'loopback', label: 'loopback', rttMs: 0 };
  return { id: `rtt${rttMs}`, label: `${rttMs} ms RTT, ${bandwidthBps / 1e6} Mbit/s`, rttMs, bandwidthBps };
}

export const PROFILES: readonly NetworkProfile[] = [networkProfile(0), networkProfile(20), networkProfile(80), networkProfile(200)];

const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'proxy-connection', 'transfer-encoding', 'upgrade', 'te', 'trailer']);
const MIN_GZIP_BYTES = 1024;
/** nginx's default `gzip_comp_level`: a quarter of level 6's CPU for about 25 % more bytes on connector pages. */
const GZIP_LEVEL = 1;

/** Whether `accept-encoding` allows gzip (present and not `q=0`). */
export function acceptsGzip(header: string | string[] | undefined): boolean {
  const value = Array.isArray(header) ? header.join(',') : header ?? '';
  return value.split(',').some((part) => {
    const [coding, ...params] = part.trim().toLowerCase().split(';').map((s) => s.trim());
    if (coding !== 'gzip' && coding !== '*') return false;
    const q = params.find((p) => p.startsWith('q='));
    return q === undefined || Number(q.slice(2)) > 0;
  });
}

function compressible(contentType: string | undefined): boolean {
  return /^(application\/(json|xml|[\w.+-]+\+(json|xml))|text\/)/i.test(contentType ?? '');
}

export class Gateway {
  private server: https.Server | undefined;
  private readonly upstreamAgent = new http.Agent({ keepAlive: true });
  private readonly sockets = new Set<Socket>();
  port = 0;
  /** Responses sent gzip-compressed since the start. */
  gzipped = 0;

  constructor(
    private readonly upstream: URL,
    private readonly tls: { keyPem: string; certPem: string },
  ) {}

  async listen(): Promise<void> {
    const server = https.createServer({ key: this.tls.keyPem, cert: this.tls.certPem, minVersion: 'TLSv1.2', ALPNProtocols: ['http/1.1'] }, (req, res) => this.forward(req, res));
    // Long enough that a client's idle keep-alive connection is not closed between the bench's requests.
    server.keepAliveTimeout = 65_000;
    server.headersTimeout = 66_000;
    server.on('connection', (s: Socket) => {
      this.sockets.add(s);
      s.on('close', () => this.sockets.delete(s));
    });
    this.port = await listenOnLoopback(server);
    this.server = server;
  }

  async close(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    this.upstreamAgent.destroy();
    await closeServer(server, this.sockets);
  }

  private forward(req: http.IncomingMessage, res: http.ServerResponse, retried = false): void {
    const headers: http.OutgoingHttpHeaders = {};
    for (const [k, v] of Object.entries(req.headers)) {
      if (!HOP_BY_HOP.has(k) && k !== 'accept-encoding' && v !== undefined) headers[k] = v;
    }
    headers.host = this.upstream.host;
    const gzipWanted = acceptsGzip(req.headers['accept-encoding']);
    const up = http.request({
      host: this.upstream.hostname, port: this.upstream.port, method: req.method, path: req.url, headers, agent: this.upstreamAgent,
    }, (upRes) => {
      const out: http.OutgoingHttpHeaders = {};
      for (const [k, v] of Object.entries(upRes.headers)) if (!HOP_BY_HOP.has(k) && v !== undefined) out[k] = v;
      const length = Number(upRes.headers['content-length'] ?? NaN);
      const gzip = gzipWanted && upRes.headers['content-encoding'] === undefined && compressible(upRes.headers['content-type'])
        && !(length < MIN_GZIP_BYTES) && req.method !== 'HEAD' && upRes.statusCode !== 204 && upRes.statusCode !== 304;
      if (compressible(upRes.headers['content-type'])) out.vary = 'Accept-Encoding';
      if (gzip) {
        delete out['content-length'];
        out['content-encoding'] = 'gzip';
        this.gzipped++;
      }
      res.writeHead(upRes.statusCode ?? 502, out);
      const fail = (e: NodeJS.ErrnoException | null): void => { if (e) res.destroy(); };
      if (gzip) pipeline(upRes, zlib.createGzip({ level: GZIP_LEVEL }), res, fail);
      else pipeline(upRes, res, fail);
    });
    const bodiless = req.method === 'GET' || req.method === 'HEAD';
    up.on('error', (e: NodeJS.ErrnoException) => {
      // An idle keep-alive connection the upstream closed just as it was reused (its keepAliveTimeout): a GET or
      // HEAD is sent once more on a fresh connection, as gateways do (nginx's proxy_next_upstream, Node's
      // documented `reusedSocket` retry); anything else is the upstream's failure.
      if (!retried && bodiless && up.reusedSocket && e.code === 'ECONNRESET' && !res.headersSent) {
        this.forward(req, res, true);
        return;
      }
      if (!res.headersSent) res.writeHead(502, { 'content-type': 'application/json' }).end('{"detailCode":"502 Bad Gateway"}');
      else res.destroy();
    });
    // The client went away (or reset): stop the upstream request too.
    res.on('close', () => { if (!res.writableFinished) up.destroy(); });
    if (retried) up.end(); // the GET/HEAD request has no body (and its stream was read by the first attempt)
    else pipeline(req, up, (e) => { if (e) up.destroy(); });
  }
}

export interface Network {
  /** `https://127.0.0.1:<link port>`: the tenant's base URL as clients see it. */
  url: string;
  /** The test CA's certificate (PEM), for the clients' `ca` option. */
  caPem: string;
  setProfile(profile: LinkProfile): void;
  profile(): LinkProfile;
  takeStats(): LinkStats;
  gzipped(): number;
  close(): Promise<void>;
}

/** Builds link → gateway → `upstreamUrl` (the tenant's plain-HTTP URL) with a new test CA. */
export async function startNetwork(upstreamUrl: string, profile: LinkProfile): Promise<Network> {
  const certs = makeTestCertificates();
  const gateway = new Gateway(new URL(upstreamUrl), certs);
  await gateway.listen();
  const link = new NetworkLink({ host: '127.0.0.1', port: gateway.port }, profile);
  try {
    await link.listen();
  } catch (e) {
    await gateway.close();
    throw e;
  }
  return {
    url: `https://127.0.0.1:${link.port}`,
    caPem: certs.caPem,
    setProfile: (p) => link.setProfile(p),
    profile: () => link.getProfile(),
    takeStats: () => link.takeStats(),
    gzipped: () => gateway.gzipped,
    close: async () => {
      await link.close();
      await gateway.close();
    },
  };
}
