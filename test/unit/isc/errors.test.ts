// How IscClient reports failures: each documented status with the server's own words and trackingId,
// bodies that break the contract, and uploads the tenant rejects inside a 200.
import * as assert from 'node:assert/strict';
import { IscApiError } from '../../../src/isc/errors';
import { IscClient } from '../../../src/isc/client';
import { apiRequests, rejectionOf, startRawServer, startTenantAndClient, type TenantAndClient } from './helpers';

async function iscError(p: Promise<unknown>): Promise<IscApiError> {
  const e = await rejectionOf(p);
  assert.ok(e instanceof IscApiError, `expected IscApiError, got ${String(e)}`);
  return e;
}

describe('IscClient error reporting', () => {
  let t: TenantAndClient;
  beforeEach(async () => {
    t = await startTenantAndClient({}, { maxRetries: 1 });
  });
  afterEach(async () => {
    await t.close();
  });

  it('400: the tenant\'s detailCode, message, cause and trackingId (bad filter)', async () => {
    const e = await iscError(t.client.getConnectorList({ filters: 'name eq "x"' }));
    assert.equal(e.kind, 'badRequest');
    assert.equal(e.status, 400);
    assert.equal(e.detailCode, '400.1 Bad Request Content');
    assert.match(e.message, /^The tenant rejected the request \(400\.1 Bad Request Content\): Invalid filter expression/);
    assert.ok(e.causes.some((c) => c.includes('filters=name eq "x"')));
    assert.match(e.trackingId ?? '', /^[0-9a-f]{32}$/);
    assert.ok(e.message.endsWith(`[trackingId ${e.trackingId}]`));
    assert.equal(e.path, '/v2024/connectors?filters=name%20eq%20%22x%22');
  });

  it('401: the API\'s {error} text, after one token renewal', async () => {
    t.tenant.faults.inject({ status: 401 }, { times: 2, match: { pathIncludes: '/connectors/okta' } });
    const e = await iscError(t.client.getConnector({ scriptName: 'okta' }));
    assert.equal(e.kind, 'unauthorized');
    assert.equal(e.status, 401);
    assert.deepEqual(e.messages, ['JWT validation failed: JWT is expired']);
    assert.match(e.message, /JWT validation failed: JWT is expired/);
    assert.equal(apiRequests(t.tenant).length, 2, 'the request is retried once with a new token, not more');
  });

  for (const [status, kind, detailCode, text] of [
    [403, 'forbidden', '403 Forbidden', 'The server understood the request but refuses to authorize it.'],
    [404, 'notFound', '404 Not found', 'The server did not find a current representation for the target resource.'],
    [500, 'server', '500.0 Internal Fault', 'An internal fault occurred.'],
  ] as const) {
    it(`${status}: kind ${kind} with the ErrorResponseDto texts and trackingId in the message`, async () => {
      t.tenant.faults.inject({ status }, { match: { pathIncludes: '/connectors/okta' } });
      const e = await iscError(t.client.getConnector({ scriptName: 'okta' }));
      assert.equal(e.kind, kind);
      assert.equal(e.status, status);
      assert.equal(e.detailCode, detailCode);
      assert.deepEqual(e.messages, [text]);
      assert.ok(e.message.includes(`(${detailCode}): ${text} [trackingId ${e.trackingId}]`), e.message);
      assert.equal(apiRequests(t.tenant).length, 1, `${status} is not retried`);
    });
  }

  it('404 for an unknown connector carries the tenant\'s sentence', async () => {
    const e = await iscError(t.client.getConnectorSourceConfig({ scriptName: 'no-such-connector' }));
    assert.equal(e.kind, 'notFound');
    assert.match(e.message, /Connector with scriptName "no-such-connector" was not found\./);
  });

  it('429: after the retries, kind rateLimited with the message and Retry-After seconds', async () => {
    t.tenant.faults.inject({ status: 429, headers: { 'Retry-After': '0' } }, { times: 2 });
    const e = await iscError(t.client.getConnectorList());
    assert.equal(e.kind, 'rateLimited');
    assert.equal(e.status, 429);
    assert.equal(e.retryAfterSeconds, 0);
    assert.deepEqual(e.messages, [' Rate Limit Exceeded ']);
    assert.match(e.message, /Rate Limit Exceeded/);
    assert.equal(apiRequests(t.tenant).length, 2, 'maxRetries: 1 → two attempts');
  });

  it('a 2xx JSON body that is not JSON → invalidResponse', async () => {
    t.tenant.faults.inject({ kind: 'non-json', body: '<html>oops</html>' });
    const e = await iscError(t.client.getConnector({ scriptName: 'okta' }));
    assert.equal(e.kind, 'invalidResponse');
    assert.equal(e.status, 200);
  });

  it('a truncated JSON list → invalidResponse', async () => {
    t.tenant.faults.inject({ kind: 'truncated-json' });
    assert.equal((await iscError(t.client.getConnectorList())).kind, 'invalidResponse');
  });

  it('a list that is a JSON object, not an array → invalidResponse', async () => {
    t.tenant.faults.inject({ status: 200, body: { items: [] } });
    assert.equal((await iscError(t.client.getConnectorList())).kind, 'invalidResponse');
  });

  it('UpdateDetail status ERROR rejects with updateRejected and the server\'s message (xsd version)', async () => {
    const form1 = '<?xml version="1.0"?>\n<Form xmlns="http://www.sailpoint.com/xsd/sailpoint_form_1_0.xsd" type="SourceConfig"/>';
    const before = t.tenant.store.getFile('okta', 'source-config');
    const e = await iscError(t.client.putConnectorSourceConfig({ scriptName: 'okta', file: form1 }));
    assert.equal(e.kind, 'updateRejected');
    assert.equal(e.status, 200);
    assert.equal(e.updateDetail?.status, 'ERROR');
    assert.match(e.message, /unsupported xsd version, please ensure latest xsd version http:\/\/www\.sailpoint\.com\/xsd\/sailpoint_form_2_0\.xsd is used for source config/);
    assert.ok(t.tenant.store.getFile('okta', 'source-config').equals(before), 'nothing stored');
  });

  it('UpdateDetail status ERROR from an injected fault rejects with that message', async () => {
    t.tenant.faults.inject({ kind: 'update-status', status: 'ERROR', message: 'Storage is read-only right now' });
    const e = await iscError(t.client.putConnectorTranslations({ scriptName: 'okta', locale: 'en', file: 'a=b\n' }));
    assert.equal(e.kind, 'updateRejected');
    assert.deepEqual(e.messages, ['Storage is read-only right now']);
  });

  it('UpdateDetail status SKIPPED resolves', async () => {
    t.tenant.faults.inject({ kind: 'update-status', status: 'SKIPPED', message: 'nothing to do' });
    const detail = await t.client.putConnectorCorrelationConfig({ scriptName: 'okta', file: '<CorrelationConfig/>' });
    assert.equal(detail.status, 'SKIPPED');
    assert.equal(detail.message, 'nothing to do');
  });

  it('a refused connection → kind network, after the retries', async () => {
    const gone = await startRawServer(() => undefined);
    await gone.close();
    const offline = new IscClient({ baseUrl: gone.url, clientId: 'id', clientSecret: 'secret' }, { maxRetries: 1, retryBaseDelayMs: 1 });
    const e = await iscError(offline.getConnectorList());
    offline.dispose();
    assert.equal(e.kind, 'network');
    assert.match(e.message, /ECONNREFUSED/);
    assert.ok(e.message.includes(new URL(gone.url).port));
  });

  it('an aborted call → kind cancelled; dispose cancels later calls', async () => {
    const ac = new AbortController();
    t.tenant.faults.inject({ kind: 'hang', ms: 10_000 });
    const p = t.client.getConnectorList({}, ac.signal);
    ac.abort();
    assert.equal((await iscError(p)).kind, 'cancelled');
    t.client.dispose();
    assert.equal((await iscError(t.client.getConnectorList())).kind, 'cancelled');
  });
});
