// I5 regressions (adversarial review): echoes of the client secret or the access token the redaction missed, through
// the real IscClient against the local tenant (`echo` fault). Each case first checks the tenant really sent it.
import * as assert from 'node:assert/strict';
import { inspect } from 'node:util';
import { IscClient } from '../../../src/isc/client';
import type { EchoContext } from '../../mock-tenant/faults';
import { startMockTenant, type MockTenant } from '../../mock-tenant/server';

const hex = (v: string) => Buffer.from(v, 'utf8').toString('hex');
/** A request dump as a WAF or a proxy error page prints it: the token request's form body in hex. */
const CASES: Array<[string, (ctx: EchoContext) => string, (ctx: EchoContext) => string]> = [
  ['the client secret in a hex dump of the request body', (ctx) => `request body (hex): ${hex(`grant_type=client_credentials&client_id=${ctx.clientId}&client_secret=${ctx.clientSecret}`)}`, (ctx) => hex(ctx.clientSecret).slice(0, 40)],
  ['the bearer token in a hex dump of the request headers', (ctx) => `headers (hex): ${hex(`authorization: Bearer ${ctx.bearer}`)}`, (ctx) => hex(ctx.bearer as string).slice(0, 40)],
  ['the client secret cut at 40 characters ("…")', (ctx) => `invalid client_secret '${ctx.clientSecret.slice(0, 40)}…'`.replace('client_secret ', 'secret '), (ctx) => ctx.clientSecret.slice(0, 40)],
  ['the bearer token with a zero-width space every 20 characters', (ctx) => `token: ${(ctx.bearer as string).replace(/(.{20})/g, '$1\u200b')}`, (ctx) => (ctx.bearer as string).slice(0, 20)],
];

describe('I5 regressions: echoes of the secret or the token an adversarial review found unredacted (real client, local tenant)', function () {
  this.timeout(20_000);
  let tenant: MockTenant;
  before(async () => {
    tenant = await startMockTenant();
  });
  after(async () => {
    await tenant.close();
  });

  for (const [title, render, piece] of CASES) {
    it(`a 500 quoting ${title} shows none of it`, async () => {
      const log: string[] = [];
      const client = new IscClient(
        { baseUrl: tenant.url, clientId: tenant.clientId, clientSecret: tenant.clientSecret },
        { apiLayout: 'v2024', retryBaseDelayMs: 1, maxRetries: 0, logger: { request: (e) => log.push(JSON.stringify(e)), debug: (m) => log.push(m), warn: (m) => log.push(m) } },
      );
      let leaked = '';
      try {
        await client.testConnection();
        tenant.faults.inject({
          kind: 'echo',
          render: (ctx) => {
            leaked = piece(ctx);
            const body = render(ctx);
            assert.ok(body.includes(leaked) || body.replace(/\u200b/g, '').includes(leaked), 'the tenant sends it');
            return { status: 500, body };
          },
        }, { match: { method: 'GET' } });
        const error = await client.getConnectorSourceConfig({ scriptName: 'servicenow' }).then(() => undefined, (e: unknown) => e);
        assert.ok(error instanceof Error, 'the call fails');
        const shown = [error.message, inspect(error, { depth: Infinity }), ...log].join('\n').replace(/\u200b/g, '');
        assert.ok(leaked.length >= 20);
        assert.ok(!shown.includes(leaked), `shown: ${error.message}`);
      } finally {
        client.dispose();
        tenant.faults.clear();
      }
    });
  }
});
