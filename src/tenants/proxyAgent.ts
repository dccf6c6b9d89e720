// Honours VS Code's proxy settings for API requests without touching global TLS settings:
// an https.Agent that tunnels through an HTTP proxy with CONNECT (node:http/node:tls only), per tenant client.
// TLS verification of the tenant stays on unless the user set `http.proxyStrictSSL: false`, and then only for
// this agent. Extra CAs (TLS-inspecting proxies): Node reads NODE_EXTRA_CA_CERTS itself at start-up.
// No 'vscode' import: unit-tested in test/unit/extension/proxyAgent.test.ts.
import * as http from 'node:http';
import * as https from 'node:https';
import type { Duplex } from 'node:stream';
import * as tls from 'node:tls';

export interface ProxyConfig {
  /** `http.proxy` (or HTTPS_PROXY from the environment), e.g. `http://user:pass@proxy:3128`. */
  proxy: string | undefined;
  /** `http.proxyStrictSSL`. */
  strictSSL: boolean;
  /** `http.noProxy` plus NO_PROXY: host names, `.suffix`/`*.suffix`, `*`. */
  noProxy: readonly string[];
}

/** The proxy to use from VS Code's settings, falling back to the usual environment variables. */
export function resolveProxyConfig(settings: ProxyConfig, env: NodeJS.ProcessEnv): ProxyConfig {
  const proxy = settings.proxy ?? env.HTTPS_PROXY ?? env.https_proxy ?? undefined;
  const envNoProxy = (env.NO_PROXY ?? env.no_proxy ?? '').split(',').map((s) => s.trim()).filter((s) => s.length > 0);
  return { proxy: proxy && proxy.trim().length > 0 ? proxy.trim() : undefined, strictSSL: settings.strictSSL, noProxy: [...settings.noProxy, ...envNoProxy] };
}

/** Whether requests to `hostname` go direct: loopback always, and hosts matched by the no-proxy list. */
export function bypassesProxy(hostname: string, noProxy: readonly string[]): boolean {
  const host = hostname.toLowerCase().replace(/^\[|\]$/g, '');
  if (host === 'localhost' || host === '::1' || /^127(?:\.\d{1,3}){3}$/.test(host)) return true;
  return noProxy.some((raw) => {
    const entry = raw.trim().toLowerCase().replace(/:\d+$/, '');
    if (entry === '*') return true;
    if (entry.length === 0) return false;
    const suffix = entry.replace(/^\*/, '');
    if (suffix.startsWith('.')) return host.endsWith(suffix) || host === suffix.slice(1);
    return host === entry || host.endsWith(`.${entry}`);
  });
}

export interface TunnelAgentOptions {
  proxyUrl: string;
  /** Verify the tenant's certificate (default true). */
  rejectUnauthorized?: boolean;
  /** Extra CA certificates (PEM), added to Node's defaults. */
  ca?: string | Buffer | Array<string | Buffer>;
}

type ConnectCallback = (err: Error | null, stream: Duplex) => void;

/**
 * An https.Agent whose connections go through `CONNECT host:port` at an HTTP proxy.
 * Proxy credentials in the URL (`http://user:pass@host:port`) are sent as `Proxy-Authorization: Basic`.
 */
export class HttpsProxyTunnelAgent extends https.Agent {
  private readonly proxy: URL;

  constructor(private readonly tunnel: TunnelAgentOptions) {
    super({ keepAlive: true, rejectUnauthorized: tunnel.rejectUnauthorized ?? true, ...(tunnel.ca ? { ca: tunnel.ca } : {}) });
    this.proxy = new URL(tunnel.proxyUrl);
    if (this.proxy.protocol !== 'http:') {
      throw new Error(`Only http:// proxies are supported for tunnelling (got ${this.proxy.protocol}//${this.proxy.host}).`);
    }
  }

  // Node's Agent accepts an asynchronous createConnection(options, callback).
  override createConnection(options: http.RequestOptions & tls.ConnectionOptions, callback?: ConnectCallback): Duplex | null | undefined {
    if (!callback) throw new Error('HttpsProxyTunnelAgent needs the asynchronous createConnection form');
    const host = options.host ?? 'localhost';
    const port = typeof options.port === 'number' ? options.port : Number(options.port ?? 443);
    const headers: http.OutgoingHttpHeaders = { host: `${host}:${port}` };
    if (this.proxy.username || this.proxy.password) {
      const user = decodeURIComponent(this.proxy.username);
      const pass = decodeURIComponent(this.proxy.password);
      headers['proxy-authorization'] = `Basic ${Buffer.from(`${user}:${pass}`).toString('base64')}`;
    }
    const req = http.request({
      host: this.proxy.hostname,
      port: this.proxy.port ? Number(this.proxy.port) : 80,
      method: 'CONNECT',
      path: `${host}:${port}`,
      headers,
      agent: false,
    });
    let done = false;
    const finish = (err: Error | null, socket?: Duplex): void => {
      if (done) return;
      done = true;
      // Node's Agent ignores the stream argument on error.
      callback(err, socket as Duplex);
    };
    req.once('connect', (res, socket) => {
      if (res.statusCode !== 200) {
        socket.destroy();
        finish(new Error(`The proxy ${this.proxy.host} refused to connect to ${host}:${port} (HTTP ${res.statusCode ?? '?'} ${res.statusMessage ?? ''}).`.trim()));
        return;
      }
      // Only what TLS needs from the request options (`path` would mean an IPC socket to tls.connect).
      const { ca, cert, key, pfx, passphrase, ciphers, minVersion, maxVersion, ALPNProtocols, session, checkServerIdentity } = options;
      const tlsOptions = definedOnly({ ca, cert, key, pfx, passphrase, ciphers, minVersion, maxVersion, ALPNProtocols, session, checkServerIdentity });
      const secure = tls.connect({
        ...tlsOptions,
        socket,
        servername: options.servername ?? (isIp(host) ? undefined : host),
        rejectUnauthorized: this.tunnel.rejectUnauthorized ?? true,
        ...(this.tunnel.ca ? { ca: this.tunnel.ca } : {}),
      });
      finish(null, secure);
    });
    req.once('error', (e) => finish(new Error(`Could not reach the proxy ${this.proxy.host}: ${e.message}`, { cause: e })));
    req.end();
    return undefined;
  }
}

/** The object without its undefined values (tls.connect treats an explicit undefined as a value). */
function definedOnly<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}

function isIp(host: string): boolean {
  return /^[\d.]+$/.test(host) || host.includes(':');
}

/** The https agent for a tenant at `baseUrl`, or undefined to let Node (and VS Code) connect as usual. */
export function agentFor(baseUrl: string, config: ProxyConfig): https.Agent | undefined {
  const url = new URL(baseUrl);
  if (url.protocol !== 'https:') return undefined;
  if (config.proxy && !bypassesProxy(url.hostname, config.noProxy)) {
    return new HttpsProxyTunnelAgent({ proxyUrl: config.proxy, rejectUnauthorized: config.strictSSL });
  }
  if (!config.strictSSL) return new https.Agent({ keepAlive: true, rejectUnauthorized: false });
  return undefined;
}
