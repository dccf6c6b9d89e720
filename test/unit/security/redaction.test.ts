// I5: no secret or token in anything the client shows or writes. A hostile tenant on 127.0.0.1 echoes the
// Authorization header, the token request's form body and the client secret — raw, URL-encoded, form-encoded,
// JSON-escaped, base64 — in every place server text can reach: error bodies (text/plain, ErrorResponseDto
// fields, OAuth error_description, 401 `error`, 429 `message`), an UpdateDetail ERROR, a body that is not JSON,
// the Slpt-Request-Id header. Every error (message, stack, cause chain, inspect, JSON) and every log line is
// scanned with the secret scanner; each scenario first proves the server really sent a secret.
import * as assert from 'node:assert/strict';
import type * as http from 'node:http';
import { IscClient, type IscClientOptions } from '../../../src/isc/client';
import { IscApiError } from '../../../src/isc/errors';
import { echoOf, grantToken, startHostileServer, type HostileContext, type HostileRequest, type HostileServer } from '../isc/hostileServer';
import { findSecrets, textsOfError, type NamedSecret } from './secretScan';

type Respond = (req: HostileRequest, res: http.ServerResponse, ctx: HostileContext, send: Sender) => void;
type Sender = (res: http.ServerResponse, status: number, headers: Record<string, string>, body: string) => void;

interface Scenario {
  title: string;
  onApi?: Respond;
  onToken?: Respond;
  call(c: IscClient): Promise<unknown>;
  options?: IscClientOptions;
  /** What the error must still say (the server's harmless words survive redaction). */
  says?: RegExp;
}

const b64 = (s: string) => Buffer.from(s, 'utf8').toString('base64');
const json = (v: unknown) => JSON.stringify(v);
const put = (c: IscClient) => c.putConnectorSourceConfig({ scriptName: 'okta', file: '<Form/>' });

const SCENARIOS: Scenario[] = [
  {
    title: 'a text/plain 500 echoing the request with its Authorization header',
    onApi: (req, res, _ctx, send) => send(res, 500, { 'content-type': 'text/plain' }, `Internal error while handling\n${echoOf(req)}`),
    call: (c) => c.getConnectorSourceConfig({ scriptName: 'okta' }),
    says: /Internal error while handling/,
  },
  {
    title: 'a 400 ErrorResponseDto quoting the token in detailCode, trackingId, messages and causes (raw, URL-encoded, JSON, base64)',
    onApi: (_req, res, ctx, send) => {
      const t = ctx.bearer ?? '';
      send(res, 400, { 'content-type': 'application/json' }, json({
        detailCode: `400.1 token ${t}`,
        trackingId: t,
        messages: [{ locale: 'en-US', localeOrigin: 'DEFAULT', text: `Token rejected: ${t}` }, { text: `see /login?token=${encodeURIComponent(t)}` }],
        causes: [{ text: `Authorization: Basic ${b64(`${ctx.clientId}:${ctx.clientSecret}`)}` }, { text: json({ header: `Bearer ${t}`, b64: b64(t) }) }],
      }));
    },
    call: (c) => c.getConnector({ scriptName: 'okta' }),
    says: /Token rejected/,
  },
  {
    title: 'an OAuth 400 whose error_description quotes the form body (client_secret form-encoded)',
    onToken: (req, res, _ctx, send) =>
      send(res, 400, { 'content-type': 'application/json' }, json({ error: 'invalid_request', error_description: `Cannot parse body: ${req.body.toString('utf8')}` })),
    call: (c) => c.getConnectorList(),
    says: /Cannot parse body/,
  },
  {
    title: 'an OAuth 401 invalid_client quoting the secret JSON-escaped, URL-encoded and in Basic form',
    onToken: (_req, res, ctx, send) =>
      send(res, 401, { 'content-type': 'application/json' }, json({
        error: 'invalid_client',
        error_description: `Client ${ctx.clientId} with secret ${json(ctx.clientSecret)} / ${encodeURIComponent(ctx.clientSecret)} (Basic ${b64(`${ctx.clientId}:${ctx.clientSecret}`)}) is unknown`,
      })),
    call: (c) => c.getConnectorList(),
    says: /is unknown/,
  },
  {
    title: 'a text/plain 500 from the token endpoint echoing the token request',
    onToken: (req, res, _ctx, send) => send(res, 500, { 'content-type': 'text/plain; charset=utf-8' }, echoOf(req)),
    call: (c) => c.getConnectorList(),
    says: /POST \/oauth\/token/,
  },
  {
    title: 'a 401 quoting the expired token, then the renewed one',
    onApi: (_req, res, ctx, send) => send(res, 401, { 'content-type': 'application/json' }, json({ error: `JWT ${ctx.bearer ?? ''} is expired` })),
    call: (c) => c.getConnector({ scriptName: 'okta' }),
    says: /is expired/,
  },
  {
    title: 'a 429 storm whose message quotes the token',
    onApi: (_req, res, ctx, send) => send(res, 429, { 'content-type': 'application/json', 'retry-after': '0' }, json({ message: `Rate limit exceeded for Bearer ${ctx.bearer ?? ''}` })),
    call: (c) => c.getConnectorList(),
    says: /Rate limit exceeded/,
  },
  {
    title: 'an upload answered 200 UpdateDetail ERROR quoting the token and the secret',
    onApi: (_req, res, ctx, send) =>
      send(res, 200, { 'content-type': 'application/json' }, json({ status: 'ERROR', scriptName: `okta ${ctx.bearer ?? ''}`, message: `Invalid upload by ${ctx.bearer ?? ''} (${ctx.clientSecret})`, updatedFiles: [ctx.bearer] })),
    call: put,
    // The layout pinned: under 'auto' the layout probe (a GET) would meet this echo first and be refused as content.
    options: { apiLayout: 'v2024' },
    says: /Invalid upload by/,
  },
  {
    title: 'a 200 that is not JSON and quotes the token (the parser would quote it too)',
    onApi: (_req, res, ctx, send) => send(res, 200, { 'content-type': 'application/json' }, `Bearer ${ctx.bearer ?? ''} <html>not json</html>`),
    call: (c) => c.getConnector({ scriptName: 'okta' }),
  },
  {
    title: 'a Slpt-Request-Id header carrying the token, on 503s that are logged and retried',
    onApi: (_req, res, ctx, send) => send(res, 503, { 'content-type': 'text/plain', 'slpt-request-id': ctx.bearer ?? '' }, 'unavailable'),
    call: (c) => c.getConnector({ scriptName: 'okta' }),
  },
  {
    title: 'a text/plain 500 where the token straddles the snippet length',
    onApi: (_req, res, ctx, send) => {
      const t = ctx.bearer ?? '';
      // 500 characters end 20 characters before the token does: a cut there would keep most of its signature.
      send(res, 500, { 'content-type': 'text/plain' }, `${'x'.repeat(500 - ' token '.length - t.length + 20)} token ${t} ${ctx.clientSecret}`);
    },
    call: (c) => c.getConnectorSourceTemplate({ scriptName: 'okta' }),
  },
  {
    title: 'a text/plain 500 echoing every token the client ever held (a token renewed after 401s)',
    onApi: (req, res, ctx, send) => {
      const n = ctx.issued.length;
      if (n < 3) return send(res, 401, { 'content-type': 'application/json' }, json({ error: 'expired' }));
      send(res, 500, { 'content-type': 'text/plain' }, `seen tokens: ${ctx.issued.join(' ')} ${ctx.issued.map(encodeURIComponent).join(' ')} ${ctx.issued.map(b64).join(' ')}\n${echoOf(req)}`);
    },
    async call(c) {
      await c.getConnector({ scriptName: 'a' }).catch(() => undefined); // 401, renewed, 401
      return c.getConnector({ scriptName: 'b' }); // 401, renewed: now the third token, and a 500 echoing all three
    },
  },
];

describe('I5: no secret or token in any error or log line, whatever the tenant echoes', function () {
  this.timeout(20_000);
  let server: HostileServer;
  afterEach(async () => {
    await server?.close();
  });

  for (const s of SCENARIOS) {
    it(s.title, async () => {
      server = await startHostileServer();
      const sent: Array<{ where: string; text: string }> = [];
      const send: Sender = (res, status, headers, body) => {
        sent.push({ where: `server sent ${status}`, text: `${JSON.stringify(headers)}\n${body}` });
        res.writeHead(status, headers);
        res.end(body);
      };
      if (s.onApi) server.onApi = (req, res, ctx) => (s.onApi as Respond)(req, res, ctx, send);
      const onToken = s.onToken;
      if (onToken) server.onToken = (req, res, ctx) => onToken(req, res, ctx, send);
      else server.onToken = (_req, res, ctx) => grantToken(res, ctx);
      const log: string[] = [];
      const client = new IscClient(
        { baseUrl: server.url, clientId: server.clientId, clientSecret: server.clientSecret },
        {
          retryBaseDelayMs: 1,
          maxRetries: 2,
          timeoutMs: 3000,
          logger: { request: (e) => log.push(JSON.stringify(e)), debug: (m) => log.push(m), warn: (m) => log.push(m) },
          ...s.options,
        },
      );
      let error: unknown;
      try {
        await s.call(client);
      } catch (e) {
        error = e;
      } finally {
        client.dispose();
      }
      const secrets: NamedSecret[] = [
        { label: 'client secret', value: server.clientSecret },
        ...server.issuedTokens().map((value, i) => ({ label: `access token #${i + 1}`, value })),
      ];
      assert.ok(findSecrets(sent, secrets).length > 0, 'the hostile server sent no secret: the scenario proves nothing');
      assert.ok(error instanceof IscApiError, `an IscApiError, got ${String(error)}`);
      if (s.says) assert.match(error.message, s.says, 'the server\'s harmless words are kept');
      const leaks = findSecrets([...textsOfError(error), ...log.map((text, i) => ({ where: `log line ${i}`, text }))], secrets);
      assert.deepEqual(leaks, [], `leaked: ${JSON.stringify(leaks)}`);
      // Cut text keeps no piece of a token either: no 12 characters of any token's signature survive.
      const all = [...textsOfError(error).map((t) => t.text), ...log].join('\n');
      for (const token of server.issuedTokens()) {
        const signature = token.split('.')[2];
        for (let i = 0; i + 12 <= signature.length; i++) assert.ok(!all.includes(signature.slice(i, i + 12)), 'a piece of a token survived');
      }
    });
  }
});
