// The request pipeline of the local tenant: record the request, parse a multipart body, add latency, apply an
// armed fault, dispatch (`/oauth/token` or an API route), then send with ISC's response headers.

import type * as http from 'node:http';
import { setTimeout as delay } from 'node:timers/promises';
import { gzipSync } from 'node:zlib';
import type { TokenIssuer } from './auth';
import { distortReply, isStatusFault, statusFaultReply, type EchoContext, type EchoReply, type FaultInjector } from './faults';
import { parseMultipart, type ParsedParts } from './multipart';
import { ConnectorRoutes } from './routes';
import { HttpProblem, errorResponse, headerValue, hex32, jsonReply, mediaType, readBody, type RecordedRequest, type Reply } from './wire';

export class RequestPipeline {
  /** Every request received, in order. */
  readonly requests: RecordedRequest[] = [];
  /** Hanging requests (fault `hang`), released on close. */
  private readonly hangs = new Set<() => void>();

  constructor(
    private readonly faults: FaultInjector,
    private readonly auth: TokenIssuer,
    private readonly routes: ConnectorRoutes,
  ) {}

  /** node:http's request listener: never rejects (an unexpected failure becomes a 500 ErrorResponseDto). */
  listener(): http.RequestListener {
    return (req, res) => {
      this.handle(req, res).catch((err: unknown) => {
        if (!res.headersSent && !res.destroyed) {
          this.send(res, undefined, jsonReply(500, errorResponse(500, undefined, [err instanceof Error ? err.message : String(err)])));
        }
      });
    };
  }

  /** The reply of an `echo` fault. */
  private echoReply(render: (ctx: EchoContext) => EchoReply, record: RecordedRequest, reply?: Reply): Reply {
    const authorization = headerValue(record.headers, 'authorization');
    const bearer = /^Bearer\s+(\S+)/i.exec(authorization ?? '')?.[1];
    const client = this.auth.credentials[0];
    const r = render({
      method: record.method, path: record.path, headers: record.headers, body: record.body, bearer,
      clientId: client.clientId, clientSecret: client.clientSecret, issued: [...this.auth.issued],
      ...(reply ? { reply: { status: reply.status, body: reply.body } } : {}),
    });
    return { status: r.status, headers: { 'Content-Type': 'text/plain; charset=utf-8', ...r.headers }, body: typeof r.body === 'string' ? Buffer.from(r.body, 'utf8') : r.body };
  }

  /** Ends every hanging or held request (the tenant is closing). */
  releaseHangs(): void {
    for (const release of this.hangs) {
      release();
    }
    this.hangs.clear();
    this.faults.dropHeld();
  }

  private async handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const rawPath = req.url ?? '/';
    const q = rawPath.indexOf('?');
    const pathname = q < 0 ? rawPath : rawPath.slice(0, q);
    const query = new URLSearchParams(q < 0 ? '' : rawPath.slice(q + 1));
    const body = await readBody(req);
    const record: RecordedRequest = {
      method: req.method ?? 'GET', path: rawPath, pathname, query, headers: { ...req.headers }, body, at: Date.now(),
    };
    this.requests.push(record);
    const multipart: ParsedParts = { parts: undefined, error: undefined };
    if (mediaType(headerValue(req.headers, 'content-type')) === 'multipart/form-data') {
      try {
        multipart.parts = await parseMultipart(req.headers, body);
        record.parts = multipart.parts;
      } catch (err) {
        multipart.error = err instanceof Error ? err.message : String(err);
      }
    }
    if (this.faults.latencyMs > 0) {
      await delay(this.faults.latencyMs);
    }
    const isToken = pathname === '/oauth/token';
    const isApi = ConnectorRoutes.isApiPath(pathname);
    const fault = isToken || isApi ? this.faults.take(record.method, rawPath, !isToken) : undefined;
    if (fault && 'kind' in fault) {
      if (fault.kind === 'reset-before-response') {
        req.socket.destroy();
        return;
      }
      if (fault.kind === 'hang' && !(await this.hang(fault.ms))) {
        return;
      }
      if (fault.kind === 'hold' && !(await this.faults.hold(record.method, rawPath))) {
        return;
      }
      if (fault.kind === 'echo' && !fault.apply) {
        this.send(res, record, this.echoReply(fault.render, record));
        return;
      }
      if (fault.kind === 'echo-request') {
        const echoed = [`${record.method} ${rawPath}`, ...Object.entries(record.headers).map(([k, v]) => `${k}: ${String(v)}`), '', record.body.toString('utf8')].join('\n');
        this.send(res, record, { status: fault.status ?? 500, headers: { 'Content-Type': 'text/plain' }, body: Buffer.from(`Internal error while handling the request:\n${echoed}`, 'utf8') });
        return;
      }
    }
    if (fault && isStatusFault(fault)) {
      this.send(res, record, statusFaultReply(fault));
      return;
    }
    let reply: Reply;
    try {
      if (isToken) {
        reply = this.auth.token(record, multipart.parts);
      } else if (isApi) {
        reply = this.routes.handle(record, multipart, fault);
      } else {
        reply = jsonReply(404, errorResponse(404));
      }
    } catch (err) {
      if (err instanceof HttpProblem) {
        reply = err.reply;
      } else {
        throw err;
      }
    }
    if (fault && 'kind' in fault) {
      switch (fault.kind) {
        case 'reset-mid-body':
          this.sendPartialThenReset(res, record, reply);
          return;
        case 'reset-after-apply':
          record.status = reply.status;
          req.socket.destroy();
          return;
        case 'hold':
          if (fault.thenReset) {
            record.status = reply.status;
            req.socket.destroy();
            return;
          }
          break;
        case 'oversized':
          this.send(res, record, { status: 200, headers: { ...reply.headers }, body: Buffer.alloc(fault.bytes, 0x78) });
          return;
        case 'echo':
          this.send(res, record, this.echoReply(fault.render, record, reply));
          return;
        case 'gzip-bomb':
          this.send(res, record, { status: 200, headers: { ...reply.headers, 'Content-Encoding': 'gzip' }, body: gzipSync(Buffer.alloc(fault.bytes)) });
          return;
        default:
          break;
      }
    }
    this.send(res, record, distortReply(fault, reply));
  }

  /** Waits `ms` (Infinity: until close()). Resolves false when the tenant closed meanwhile. */
  private hang(ms: number): Promise<boolean> {
    return new Promise((resolve) => {
      let timer: NodeJS.Timeout | undefined;
      const release = (): void => {
        if (timer) {
          clearTimeout(timer);
        }
        this.hangs.delete(release);
        resolve(false);
      };
      this.hangs.add(release);
      if (Number.isFinite(ms)) {
        timer = setTimeout(() => {
          this.hangs.delete(release);
          resolve(true);
        }, ms);
      }
    });
  }

  private baseHeaders(reply: Reply): Record<string, string> {
    return {
      'Slpt-Request-Id': hex32(),
      'Access-Control-Expose-Headers': 'SLPT-Request-ID',
      'Server': 'nginx',
      'Vary': 'Origin',
      'X-Robots-Tag': 'noindex',
      ...reply.headers,
    };
  }

  private send(res: http.ServerResponse, record: RecordedRequest | undefined, reply: Reply): void {
    if (res.destroyed) {
      return;
    }
    const headers = this.baseHeaders(reply);
    if (reply.status !== 204 && reply.status !== 304) {
      headers['Content-Length'] = String(reply.body.length);
    }
    res.writeHead(reply.status, headers);
    res.end(reply.status === 204 ? undefined : reply.body);
    if (record) {
      record.status = reply.status;
    }
  }

  private sendPartialThenReset(res: http.ServerResponse, record: RecordedRequest, reply: Reply): void {
    const headers = this.baseHeaders(reply);
    headers['Content-Length'] = String(Math.max(reply.body.length, 2));
    res.writeHead(reply.status, headers);
    res.write(reply.body.subarray(0, Math.max(1, Math.floor(reply.body.length / 2))), () => {
      setImmediate(() => res.socket?.destroy());
    });
    record.status = reply.status;
  }
}
