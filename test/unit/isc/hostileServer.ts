// A hostile tenant on 127.0.0.1 for behaviours the local tenant does not have: it echoes what it received
// (the Authorization header, the token request's form body, the client secret) back in error bodies, headers
// and logs, in every encoding, and can stream bodies of any size or a decompression bomb.
// Raw node:http on purpose: the local tenant (test/mock-tenant) is a faithful tenant, this one is not.
import { randomBytes } from 'node:crypto';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface HostileRequest {
  method: string;
  /** As on the wire (req.url). */
  url: string;
  headers: http.IncomingHttpHeaders;
  /** Header lines exactly as received (name: value), for verbatim echoes. */
  rawHeaders: string[];
  body: Buffer;
}

/** Answers one request; `ctx` knows the secrets so it can echo them. */
export type HostileHandler = (req: HostileRequest, res: http.ServerResponse, ctx: HostileContext) => void;

export interface HostileContext {
  clientId: string;
  clientSecret: string;
  /** The token the request carried (`Authorization: Bearer …`), if any. */
  bearer: string | undefined;
  /** Every token issued so far, oldest first. */
  issued: readonly string[];
  /** Issues (and remembers) a fresh token. */
  issue(): string;
}

export interface HostileServer {
  url: string;
  clientId: string;
  clientSecret: string;
  requests: HostileRequest[];
  /** Every access token this server issued. */
  issuedTokens(): string[];
  /** Replaces the handler of API requests (token requests go to `onToken`). */
  onApi: HostileHandler;
  /** Handler of `POST /oauth/token`; by default it issues a fresh JWT-shaped token. */
  onToken: HostileHandler;
  close(): Promise<void>;
}

const b64url = (s: string | Buffer): string => Buffer.from(s).toString('base64url');

/** A JWT-shaped token with a random signature, like ISC's. */
export function jwtLike(): string {
  const header = b64url(JSON.stringify({ alg: 'HS256', typ: 'JWT' }));
  const payload = b64url(JSON.stringify({ tenant_id: randomBytes(8).toString('hex'), exp: Math.floor(Date.now() / 1000) + 750, jti: randomBytes(12).toString('hex') }));
  return `${header}.${payload}.${b64url(randomBytes(32))}`;
}

/** The request as a verbatim text: request line, every header (Authorization included), blank line, body. */
export function echoOf(req: HostileRequest): string {
  const lines = [`${req.method} ${req.url} HTTP/1.1`];
  for (let i = 0; i < req.rawHeaders.length; i += 2) lines.push(`${req.rawHeaders[i]}: ${req.rawHeaders[i + 1]}`);
  return `${lines.join('\r\n')}\r\n\r\n${req.body.toString('utf8')}`;
}

export function grantToken(res: http.ServerResponse, ctx: HostileContext, expiresIn = 750): void {
  const token = ctx.issue();
  res.writeHead(200, { 'content-type': 'application/json' });
  res.end(JSON.stringify({ access_token: token, token_type: 'bearer', expires_in: expiresIn }));
}

/**
 * Starts the server. The client secret is chosen to differ in every encoding the redaction must know:
 * `/`, `+`, `=`, `~`, `'`, `"`, `\`, a space and non-ASCII each encode differently in a URL, a form body and JSON.
 */
export async function startHostileServer(options: { clientSecret?: string } = {}): Promise<HostileServer> {
  const clientId = `cid-${randomBytes(8).toString('hex')}`;
  const clientSecret = options.clientSecret ?? `Sec/${randomBytes(9).toString('base64')}+~'"\\ é=${randomBytes(6).toString('hex')}`;
  const issued: string[] = [];
  const requests: HostileRequest[] = [];
  const ctxFor = (req: HostileRequest): HostileContext => ({
    clientId,
    clientSecret,
    bearer: /^Bearer (.+)$/.exec(String(req.headers.authorization ?? ''))?.[1],
    issued,
    issue: () => {
      const token = jwtLike();
      issued.push(token);
      return token;
    },
  });
  const server: HostileServer = {
    url: '',
    clientId,
    clientSecret,
    requests,
    issuedTokens: () => [...issued],
    onToken: (_req, res, ctx) => grantToken(res, ctx),
    onApi: (_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end('[]');
    },
    close: async () => {
      http_.closeAllConnections();
      await new Promise<void>((resolve) => http_.close(() => resolve()));
    },
  };
  const http_ = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const r: HostileRequest = { method: req.method ?? '', url: req.url ?? '', headers: req.headers, rawHeaders: req.rawHeaders, body: Buffer.concat(chunks) };
      requests.push(r);
      const ctx = ctxFor(r);
      try {
        if (r.url.endsWith('/oauth/token')) server.onToken(r, res, ctx);
        else server.onApi(r, res, ctx);
      } catch (e) {
        res.destroy(e as Error);
      }
    });
  });
  await new Promise<void>((resolve) => http_.listen(0, '127.0.0.1', resolve));
  server.url = `http://127.0.0.1:${(http_.address() as AddressInfo).port}`;
  return server;
}
