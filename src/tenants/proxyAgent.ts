// Honours VS Code's proxy settings for API requests without touching global settings: per tenant client, an
// agent from kept libraries — `https-proxy-agent` for http:// and https:// proxies (CONNECT, over TLS to an
// https:// proxy), `socks-proxy-agent` for socks4/4a/5/5h proxies. Credentials in the proxy URL go to the proxy
// (Proxy-Authorization: Basic, or SOCKS user/password). Loopback hosts always go direct; `http.noProxy` and
// NO_PROXY name more hosts that do. TLS verification of the tenant (and of an https:// proxy) stays on unless
// the user set `http.proxyStrictSSL: false`, and then only for these agents. Extra CAs (TLS-inspecting proxies):
// Node reads NODE_EXTRA_CA_CERTS itself at start-up.
// No 'vscode' import: unit-tested in test/unit/tenants/proxyAgent.test.ts against real proxies on loopback.
import type * as http from 'node:http';
import * as https from 'node:https';
import { BlockList, isIP, type Socket } from 'node:net';
import { HttpsProxyAgent } from 'https-proxy-agent';
import { SocksProxyAgent } from 'socks-proxy-agent';
import { isLoopbackHost } from '../isc/loopback';

export interface ProxyConfig {
  /** `http.proxy`, else HTTPS_PROXY, else ALL_PROXY from the environment, e.g. `http://user:pass@proxy:3128`. */
  proxy: string | undefined;
  /** `http.proxyStrictSSL`. */
  strictSSL: boolean;
  /** `http.noProxy` plus NO_PROXY: host names (with subdomains), `.suffix`/`*.suffix`, `host:port`, IP ranges (`10.0.0.0/8`), `*`. */
  noProxy: readonly string[];
}

const HTTP_PROXY_SCHEMES = new Set(['http:', 'https:']);
const SOCKS_PROXY_SCHEMES = new Set(['socks:', 'socks4:', 'socks4a:', 'socks5:', 'socks5h:']);

/** The proxy to use from VS Code's settings, falling back to the usual environment variables (tenants are https). */
export function resolveProxyConfig(settings: ProxyConfig, env: NodeJS.ProcessEnv): ProxyConfig {
  const candidates = [settings.proxy, env.HTTPS_PROXY, env.https_proxy, env.ALL_PROXY, env.all_proxy];
  const proxy = candidates.map((p) => p?.trim()).find((p): p is string => p !== undefined && p.length > 0);
  const envNoProxy = (env.NO_PROXY ?? env.no_proxy ?? '').split(/[,\s]+/).map((s) => s.trim()).filter((s) => s.length > 0);
  return { proxy, strictSSL: settings.strictSSL, noProxy: [...settings.noProxy, ...envNoProxy] };
}

/** Whether requests to `hostname` (at `port`) go direct: loopback always, and hosts the no-proxy list names. */
export function bypassesProxy(hostname: string, noProxy: readonly string[], port?: number): boolean {
  const host = hostname.toLowerCase().replace(/^\[|\]$/g, '');
  if (isLoopbackHost(host)) return true;
  return noProxy.some((raw) => {
    let entry = raw.trim().toLowerCase();
    if (entry === '*') return true;
    const withPort = /^(\[[^\]]+\]|[^:]+):(\d+)$/.exec(entry);
    if (withPort) {
      if (port !== undefined && Number(withPort[2]) !== port) return false;
      entry = withPort[1];
    }
    entry = entry.replace(/^\[|\]$/g, '');
    if (entry.length === 0) return false;
    if (entry.includes('/')) return inRange(host, entry);
    const suffix = entry.replace(/^\*/, '');
    if (suffix.startsWith('.')) return host.endsWith(suffix) || host === suffix.slice(1);
    return host === entry || host.endsWith(`.${entry}`);
  });
}

/** `host` (an IP) is inside `cidr` (e.g. `10.0.0.0/8`, `fd00::/8`). */
function inRange(host: string, cidr: string): boolean {
  const [net, bits] = cidr.split('/');
  const family = isIP(net);
  const hostFamily = isIP(host);
  if (family === 0 || hostFamily !== family || !/^\d+$/.test(bits ?? '')) return false;
  const type = family === 4 ? 'ipv4' : 'ipv6';
  const list = new BlockList();
  try {
    list.addSubnet(net, Number(bits), type);
  } catch {
    return false;
  }
  return list.check(host, type);
}

/** The proxy URL parsed; a bare `host:port` means an http:// proxy. Never echoes the URL (it may hold a password). */
export function parseProxyUrl(proxyUrl: string): URL {
  const text = proxyUrl.trim();
  let url: URL;
  try {
    url = new URL(/^[a-z][a-z0-9+.-]*:\/\//i.test(text) ? text : `http://${text}`);
  } catch {
    throw new Error('The proxy setting (http.proxy or HTTPS_PROXY) is not a valid URL, e.g. http://proxy.example.com:3128.');
  }
  if (!HTTP_PROXY_SCHEMES.has(url.protocol) && !SOCKS_PROXY_SCHEMES.has(url.protocol)) {
    throw new Error(`The proxy ${url.protocol}//${url.host} is not supported: use an http://, https:// or socks5:// proxy.`);
  }
  return url;
}

/** The values of a proxy URL never to show: its password, and `user:password` (the Basic credentials). */
export function proxySecrets(proxyUrl: string | undefined): string[] {
  if (!proxyUrl) return [];
  try {
    const url = parseProxyUrl(proxyUrl);
    if (!url.password) return [];
    const password = decodeURIComponent(url.password);
    return [password, `${decodeURIComponent(url.username)}:${password}`];
  } catch {
    return [];
  }
}

export interface ProxyAgentOptions {
  /** Verify the tenant's (and an https:// proxy's) certificate (default true). */
  rejectUnauthorized?: boolean;
  /** Extra CA certificates (PEM) for the tenant and an https:// proxy. */
  ca?: string | Buffer | Array<string | Buffer>;
}

/**
 * https-proxy-agent applies its options to the connection to the proxy only; the tenant's TLS options come from
 * the request (where got always asks for verification). This one applies ours to the tenant's TLS as well.
 * (socks-proxy-agent needs no such help: Node merges an agent's options into every request's.)
 */
type ConnectOpts = Parameters<HttpsProxyAgent<string>['connect']>[1];
class TenantHttpsProxyAgent extends HttpsProxyAgent<string> {
  constructor(
    url: URL,
    private readonly tenantTls: Pick<ProxyAgentOptions, 'rejectUnauthorized' | 'ca'>,
  ) {
    super(url, { keepAlive: true, ...tenantTls });
  }

  override connect(req: http.ClientRequest, opts: ConnectOpts): Promise<Socket> {
    return super.connect(req, { ...opts, ...this.tenantTls } as ConnectOpts);
  }
}

/** An agent whose connections go through the proxy at `proxyUrl` (http, https or socks). */
export function createProxyAgent(proxyUrl: string, options: ProxyAgentOptions = {}): http.Agent {
  const url = parseProxyUrl(proxyUrl);
  const tlsOptions = { rejectUnauthorized: options.rejectUnauthorized ?? true, ...(options.ca ? { ca: options.ca } : {}) };
  return SOCKS_PROXY_SCHEMES.has(url.protocol) ? new SocksProxyAgent(url, { keepAlive: true, ...tlsOptions }) : new TenantHttpsProxyAgent(url, tlsOptions);
}

/** The https agent for a tenant at `baseUrl`, or undefined to let Node (and VS Code) connect as usual. */
export function agentFor(baseUrl: string, config: ProxyConfig): http.Agent | undefined {
  const url = new URL(baseUrl);
  if (url.protocol !== 'https:') return undefined; // plain http is allowed only for loopback, which goes direct
  const port = url.port ? Number(url.port) : 443;
  if (config.proxy && !bypassesProxy(url.hostname, config.noProxy, port)) {
    return createProxyAgent(config.proxy, { rejectUnauthorized: config.strictSSL });
  }
  if (!config.strictSSL) return new https.Agent({ keepAlive: true, rejectUnauthorized: false });
  return undefined;
}
