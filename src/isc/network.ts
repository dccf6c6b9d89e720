// The network bundle: got and the proxy agents (https-proxy-agent, socks-proxy-agent and what they carry) — about
// half of what the extension would otherwise load at activation. esbuild.js builds it as dist/network.js and keeps
// http.ts's `require('./network')` as a require of that file, so it is loaded with a client's first request;
// under tsx (unit tests, the bench) the require loads this source.
import type { Got } from 'got' with { 'resolution-mode': 'import' };

export { agentFor, createProxyAgent } from './proxyAgent';

let gotModule: Promise<Got> | undefined;
/** got is ESM-only: loaded once by a dynamic import (esbuild bundles it into this bundle; tsx imports it). */
export function loadGot(): Promise<Got> {
  const loading = (gotModule ??= import('got').then((m) => m.default));
  // A failed load is not kept: the next request tries again.
  loading.catch(() => {
    if (gotModule === loading) gotModule = undefined;
  });
  return loading;
}
