// Honours VS Code's proxy settings for API requests without touching global settings: per tenant client, an
// agent from kept libraries — `https-proxy-agent` for http:// and https:// proxies (CONNECT, over TLS to an
// https:// proxy), `socks-proxy-agent` for socks4/4a/5/5h proxies. Credentials in the proxy URL go to the proxy
// (Proxy-Authorization: Basic, or SOCKS user/password). Loopback hosts always go direct; `http.noProxy` and
// NO_PROXY name more hosts that do. TLS verification of the tenant (and of an https:// proxy) stays on unless
// the user set `http.proxyStrictSSL: false`, and then only for these agents. Extra CAs (TLS-inspecting proxies):
// Node reads NODE_EXTRA_CA_CERTS itself at start-up. Part of the network bundle (./network.ts, dist/network.js):
// loaded with a client's first request, never at activation; HttpTransport owns (and destroys) the agent.
// No 'vscode' import: unit-tested in test/unit/isc/proxyAgent.test.ts against real proxies on loopback.
import type * as http from 'node:http';
import * as https from 'node:https';
import type { Socket } from 'node:net';
import { HttpsProxyAgent } from 'https-proxy-agent';
import { SocksProxyAgent } from 'socks-proxy-agent';
import { bypassesProxy, KEEP_ALIVE_AGENT_OPTIONS, parseProxyUrl, SOCKS_PROXY_SCHEMES, type ProxyConfig } from './proxyConfig';

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

  override keepSocketAlive(socket: Socket): boolean {
    return closeWhenIdle(socket, keptAlive(super.keepSocketAlive(socket)));
  }

  override connect(req: http.ClientRequest, opts: ConnectOpts): Promise<Socket> {
    return super.connect(req, { ...opts, ...this.tenantTls } as ConnectOpts);
  }
}

/**
 * socks-proxy-agent's own `timeout` option would destroy a connection idle for that long even while a request
 * waits on it (a slow upload), so it is not given: only a FREE connection closes when idle, as below.
 */
class IdleClosingSocksProxyAgent extends SocksProxyAgent {
  override keepSocketAlive(socket: Socket): boolean {
    return closeWhenIdle(socket, keptAlive(super.keepSocketAlive(socket)));
  }
}

/**
 * The plain agents' idle policy (KEEP_ALIVE_AGENT_OPTIONS.timeout) for a proxy agent's free connection:
 * https-proxy-agent drops the agent options Node reads it from, so it is set when the connection becomes free;
 * Node's agent destroys a free connection whose timeout passes (a connection in use only gets a 'timeout' event).
 */
function closeWhenIdle(socket: Socket, keep: boolean): boolean {
  // (@types/node types Agent.keepSocketAlive as void; Node's returns whether the connection may be kept.)
  if (keep) socket.setTimeout(KEEP_ALIVE_AGENT_OPTIONS.timeout);
  return keep;
}

function keptAlive(answer: unknown): boolean {
  return answer !== false;
}

/** An agent whose connections go through the proxy at `proxyUrl` (http, https or socks). */
export function createProxyAgent(proxyUrl: string, options: ProxyAgentOptions = {}): http.Agent {
  const url = parseProxyUrl(proxyUrl);
  const tlsOptions = { rejectUnauthorized: options.rejectUnauthorized ?? true, ...(options.ca ? { ca: options.ca } : {}) };
  return SOCKS_PROXY_SCHEMES.has(url.protocol) ? new IdleClosingSocksProxyAgent(url, { keepAlive: true, ...tlsOptions }) : new TenantHttpsProxyAgent(url, tlsOptions);
}

/**
 * The https agent the settings ask for, for a tenant at `baseUrl`: through the proxy, or without verification
 * (`http.proxyStrictSSL: false`); undefined when they ask for neither (the client then uses a plain keep-alive
 * agent of its own, verifying against Node's trust store).
 */
export function agentFor(baseUrl: string, config: ProxyConfig): http.Agent | undefined {
  const url = new URL(baseUrl);
  if (url.protocol !== 'https:') return undefined; // plain http is allowed only for loopback, which goes direct
  const port = url.port ? Number(url.port) : 443;
  if (config.proxy && !bypassesProxy(url.hostname, config.noProxy, port)) {
    return createProxyAgent(config.proxy, { rejectUnauthorized: config.strictSSL });
  }
  if (!config.strictSSL) return new https.Agent({ ...KEEP_ALIVE_AGENT_OPTIONS, rejectUnauthorized: false });
  return undefined;
}
