// VS Code's proxy settings, resolved: which proxy (http.proxy, else HTTPS_PROXY / ALL_PROXY), for which hosts
// (loopback always direct; http.noProxy and NO_PROXY name more), whether TLS is verified (http.proxyStrictSSL), and
// which values of the proxy URL are secrets. Pure and small: the extension reads it at activation; the agents that
// act on it (./proxyAgent.ts, https-proxy-agent, socks-proxy-agent) are in the network bundle, loaded with the
// first request (./network.ts).
import { BlockList, isIP } from 'node:net';
import { LocalizedError, localized } from '../util/translate';
import { isLoopbackHost } from './loopback';

export interface ProxyConfig {
  /** `http.proxy`, else HTTPS_PROXY, else ALL_PROXY from the environment, e.g. `http://user:pass@proxy:3128`. */
  proxy: string | undefined;
  /** `http.proxyStrictSSL`. */
  strictSSL: boolean;
  /** `http.noProxy` plus NO_PROXY: host names (with subdomains), `.suffix`/`*.suffix`, `host:port`, IP ranges (`10.0.0.0/8`), `*`. */
  noProxy: readonly string[];
}

const HTTP_PROXY_SCHEMES = new Set(['http:', 'https:']);
export const SOCKS_PROXY_SCHEMES: ReadonlySet<string> = new Set(['socks:', 'socks4:', 'socks4a:', 'socks5:', 'socks5h:']);

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
    return false; // not a valid range: it matches no host
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
    throw new LocalizedError(localized('The proxy setting (http.proxy or HTTPS_PROXY) is not a valid URL, e.g. http://proxy.example.com:3128.'));
  }
  if (!HTTP_PROXY_SCHEMES.has(url.protocol) && !SOCKS_PROXY_SCHEMES.has(url.protocol)) {
    throw new LocalizedError(localized('The proxy {0} is not supported: use an http://, https:// or socks5:// proxy.', `${url.protocol}//${url.host}`));
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
    return []; // a proxy URL that does not parse carries no password to redact
  }
}

/**
 * The keep-alive policy of every agent a client makes for itself: Node's own global agent's (keep-alive, the most
 * recently used free socket first, an idle socket closed after 5 s), but per client, and destroyed with it.
 */
export const KEEP_ALIVE_AGENT_OPTIONS = { keepAlive: true, scheduling: 'lifo', timeout: 5000 } as const;
