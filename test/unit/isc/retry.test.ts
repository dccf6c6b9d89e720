// The retry policy: 429 waits for Retry-After; 502/503/504, resets and timeouts are retried for GET/DELETE; a
// PUT/PATCH only after 503 or 429 (after 502/504, a reset or a timeout its outcome is unknown: the caller reads
// first); a POST is never re-sent after a server error or a lost response; 500 is final.
import * as assert from 'node:assert/strict';
import { IscApiError } from '../../../src/isc/errors';
import { apiRequests, rejectionOf, startTenantAndClient, waitFor, type TenantAndClient } from './helpers';

const statuses = (t: TenantAndClient, method?: string) =>
  apiRequests(t.tenant).filter((r) => method === undefined || r.method === method).map((r) => r.status);

describe('IscClient retries', () => {
  let t: TenantAndClient;
  afterEach(async () => {
    await t.close();
  });

  describe('transient failures', () => {
    beforeEach(async () => {
      t = await startTenantAndClient({}, { maxRetries: 3, timeoutMs: 300 });
    });

    it('a GET after 503 is retried and succeeds; every attempt is logged', async () => {
      t.tenant.faults.inject({ status: 503 }, { match: { method: 'GET' } });
      const detail = await t.client.getConnector({ scriptName: 'okta' });
      assert.equal(detail.scriptName, 'okta');
      assert.deepEqual(statuses(t), [503, 200]);
      const entries = t.log.requests.filter((e) => e.path === '/v2024/connectors/okta');
      assert.deepEqual(entries.map((e) => [e.attempt, e.status]), [[0, 503], [1, 200]]);
      assert.match(entries[0].trackingId ?? '', /^[0-9a-f]{32}$/);
    });

    it('a PUT after 503 is retried with the same bytes; after 502, 504, a reset or a timeout it is not sent again', async () => {
      t.tenant.faults.inject({ status: 503 }, { match: { method: 'PUT' } });
      const file = '\uFEFF<CorrelationConfig name="r"/>\r\n';
      assert.equal((await t.client.putConnectorCorrelationConfig({ scriptName: 'okta', file })).status, 'UPDATED');
      const puts = apiRequests(t.tenant).filter((r) => r.method === 'PUT');
      assert.deepEqual(puts.map((r) => r.status), [503, 200]);
      for (const p of puts) assert.ok(p.parts?.[0].data.equals(Buffer.from(file, 'utf8')));
      for (const fault of [{ status: 502 }, { status: 504 }, { kind: 'reset-before-response' as const }, { kind: 'hang' as const, ms: 2000 }]) {
        t.tenant.clearRequests();
        t.tenant.faults.inject(fault, { match: { method: 'PUT' } });
        const e = await rejectionOf(t.client.putConnectorCorrelationConfig({ scriptName: 'okta', file }));
        assert.ok(e instanceof IscApiError, JSON.stringify(fault));
        assert.equal(apiRequests(t.tenant).filter((r) => r.method === 'PUT').length, 1, `one PUT after ${JSON.stringify(fault)}`);
      }
    });

    it('an upload may be given its own deadline, longer than the client\'s', async () => {
      t.tenant.faults.inject({ kind: 'hang', ms: 600 }, { match: { method: 'PUT' } });
      const detail = await t.client.putConnectorFileBytes({ scriptName: 'okta', kind: 'correlationConfig', file: '<CorrelationConfig name="slow"/>', timeoutMs: 5000 });
      assert.equal(detail.status, 'UPDATED');
      assert.equal(apiRequests(t.tenant).filter((r) => r.method === 'PUT').length, 1);
    });

    it('PATCH and DELETE after 503 are retried', async () => {
      t.tenant.faults.inject({ status: 503 }, { match: { method: 'PATCH' } });
      t.tenant.faults.inject({ status: 503 }, { match: { method: 'DELETE' } });
      await t.client.updateConnector({ scriptName: 'okta', jsonPatchOperation: [{ op: 'replace', path: '/connectorMetadata', value: { a: 'b' } }] });
      await t.client.deleteCustomConnector({ scriptName: 'okta' });
      assert.deepEqual(statuses(t, 'PATCH'), [503, 200]);
      assert.deepEqual(statuses(t, 'DELETE'), [503, 204]);
    });

    it('a DELETE whose answer was lost succeeds when its retry finds the connector already gone', async () => {
      t.tenant.faults.inject({ kind: 'reset-mid-body' }, { match: { method: 'DELETE' } });
      await t.client.deleteCustomConnector({ scriptName: 'okta' });
      assert.deepEqual(statuses(t, 'DELETE'), [204, 404], 'the first DELETE was processed, the retry met 404');
      assert.equal(t.tenant.store.get('okta'), undefined);
    });

    it('a DELETE of a connector that does not exist still fails with the server\'s 404', async () => {
      const e = await rejectionOf(t.client.deleteCustomConnector({ scriptName: 'no-such-connector' }));
      assert.ok(e instanceof IscApiError);
      assert.equal(e.kind, 'notFound');
    });

    it('a POST after 503 is not retried: the tenant received exactly one POST', async () => {
      t.tenant.faults.inject({ status: 503 }, { match: { method: 'POST', pathIncludes: '/v2024/' } });
      const e = await rejectionOf(t.client.createCustomConnector({ v3CreateConnectorDto: { name: 'Once', className: 'x.Y' } }));
      assert.ok(e instanceof IscApiError);
      assert.equal(e.kind, 'server');
      assert.equal(e.status, 503);
      assert.deepEqual(statuses(t, 'POST'), [503]);
    });

    it('a POST whose connection is reset is not re-sent (it may have been processed)', async () => {
      t.tenant.faults.inject({ kind: 'reset-before-response' }, { match: { method: 'POST', pathIncludes: '/v2024/' } });
      const e = await rejectionOf(t.client.createCustomConnector({ v3CreateConnectorDto: { name: 'Once', className: 'x.Y' } }));
      assert.ok(e instanceof IscApiError);
      assert.equal(e.kind, 'network');
      assert.equal(apiRequests(t.tenant).filter((r) => r.method === 'POST').length, 1);
    });

    it('a POST that times out is not re-sent', async () => {
      t.tenant.faults.inject({ kind: 'hang', ms: 5000 }, { match: { method: 'POST', pathIncludes: '/v2024/' } });
      const e = await rejectionOf(t.client.createCustomConnector({ v3CreateConnectorDto: { name: 'Once', className: 'x.Y' } }));
      assert.ok(e instanceof IscApiError);
      assert.equal(e.kind, 'timeout');
      assert.equal(apiRequests(t.tenant).filter((r) => r.method === 'POST').length, 1);
    });

    it('a GET whose connection is reset (before or during the body) is retried', async () => {
      t.tenant.faults.inject({ kind: 'reset-before-response' }, { match: { method: 'GET' } });
      t.tenant.faults.inject({ kind: 'reset-mid-body' }, { match: { method: 'GET' } });
      const text = await t.client.getConnectorSourceTemplate({ scriptName: 'okta' });
      assert.equal(text, t.tenant.store.getFile('okta', 'source-template').toString('utf8'));
      assert.equal(apiRequests(t.tenant).length, 3);
    });

    it('a GET that times out is retried', async () => {
      t.tenant.faults.inject({ kind: 'hang', ms: 5000 }, { match: { method: 'GET' } });
      assert.equal((await t.client.getConnector({ scriptName: 'okta' })).scriptName, 'okta');
      assert.equal(apiRequests(t.tenant).length, 2);
      assert.match(t.log.requests[1].error ?? '', /timeout/i);
    });

    it('retries are bounded: 503 forever → 1 + maxRetries attempts, then kind server', async () => {
      t.tenant.faults.inject({ status: 503 }, { times: Infinity, match: { method: 'GET' } });
      const e = await rejectionOf(t.client.getConnector({ scriptName: 'okta' }));
      assert.ok(e instanceof IscApiError);
      assert.equal(e.kind, 'server');
      assert.deepEqual(statuses(t), [503, 503, 503, 503]);
    });

    it('timeouts forever → kind timeout after the retries', async () => {
      t.tenant.faults.inject({ kind: 'hang', ms: 5000 }, { times: Infinity, match: { method: 'GET' } });
      const e = await rejectionOf(t.client.getConnector({ scriptName: 'okta' }));
      assert.ok(e instanceof IscApiError);
      assert.equal(e.kind, 'timeout');
      assert.equal(apiRequests(t.tenant).length, 4);
    });

    it('500 is final, also for a GET', async () => {
      t.tenant.faults.inject({ status: 500 }, { match: { method: 'GET' } });
      await assert.rejects(t.client.getConnectorList(), (e: unknown) => e instanceof IscApiError && e.kind === 'server');
      assert.deepEqual(statuses(t), [500]);
    });
  });

  describe('429 Too Many Requests', () => {
    beforeEach(async () => {
      t = await startTenantAndClient({}, { maxRetries: 2 });
    });

    const gapMs = () => {
      const [first, second] = apiRequests(t.tenant);
      return second.at - first.at;
    };

    it('waits the Retry-After seconds, then retries', async () => {
      t.tenant.faults.inject({ status: 429, headers: { 'Retry-After': '1' } });
      assert.equal((await t.client.getConnector({ scriptName: 'okta' })).scriptName, 'okta');
      assert.deepEqual(statuses(t), [429, 200]);
      assert.ok(gapMs() >= 990, `retried ${gapMs()} ms after the 429, before Retry-After ran out`);
    });

    it('waits until a Retry-After HTTP-date, then retries', async () => {
      const at = new Date(Date.now() + 2000);
      t.tenant.faults.inject({ status: 429, headers: { 'Retry-After': at.toUTCString() } });
      await t.client.getConnector({ scriptName: 'okta' });
      assert.deepEqual(statuses(t), [429, 200]);
      const retriedAt = apiRequests(t.tenant)[1].at;
      // HTTP-dates have whole seconds: the retry is no earlier than the second named.
      assert.ok(retriedAt >= Math.floor(at.getTime() / 1000) * 1000 - 10, 'retried before the Retry-After date');
    });

    it('caps a long Retry-After at retryAfterCapSeconds', async () => {
      const capped = t.newClient({ retryAfterCapSeconds: 0.05 });
      t.tenant.faults.inject({ status: 429, headers: { 'Retry-After': '3600' } });
      assert.equal((await capped.getConnector({ scriptName: 'okta' })).scriptName, 'okta');
      assert.deepEqual(statuses(t), [429, 200]);
    });

    it('without Retry-After backs off and retries', async () => {
      t.tenant.faults.inject({ status: 429 }, { times: 2 });
      await t.client.getConnectorList({ limit: 1 });
      assert.deepEqual(statuses(t), [429, 429, 200]);
    });

    // A header that is neither delta-seconds nor an HTTP-date means nothing: the normal 429 backoff applies
    // (5 × retryBaseDelayMs × jitter 50–100 % = at least 250 ms here), never an immediate retry.
    for (const value of ['-5', '1 2', 'soon', '1e3', '99999999999999999999', '0x10', 'Sun, 06 Nov 1994']) {
      it(`a malformed Retry-After ${JSON.stringify(value)} falls back to the normal backoff`, async () => {
        const slow = t.newClient({ retryBaseDelayMs: 100 });
        t.tenant.faults.inject({ status: 429, headers: { 'Retry-After': value } });
        assert.equal((await slow.getConnector({ scriptName: 'okta' })).scriptName, 'okta');
        assert.deepEqual(statuses(t), [429, 200]);
        assert.ok(gapMs() >= 240, `retried ${gapMs()} ms after the 429: not the normal backoff`);
        assert.ok(gapMs() < 5000, `retried ${gapMs()} ms after the 429: the header was taken as a wait`);
      });
    }

    it('a POST refused with 429 is sent again (the tenant refused it before doing anything): one connector', async () => {
      const before = t.tenant.store.size;
      t.tenant.faults.inject({ status: 429, headers: { 'Retry-After': '0' } }, { match: { method: 'POST', pathIncludes: '/v2024/' } });
      await t.client.createCustomConnector({ v3CreateConnectorDto: { name: 'Rate Limited', className: 'x.Y' } });
      assert.deepEqual(statuses(t, 'POST'), [429, 200]);
      assert.equal(t.tenant.store.size, before + 1);
    });

    it('holds the client\'s other requests until Retry-After has passed', async () => {
      await t.client.getConnectorList({ limit: 1 }); // token in hand
      t.tenant.clearRequests();
      t.tenant.faults.inject({ status: 429, headers: { 'Retry-After': '1' } }, { match: { pathIncludes: '/connectors/okta' } });
      const first = t.client.getConnector({ scriptName: 'okta' });
      // Wait until the CLIENT has seen the 429 (its log), not just until the tenant sent it: the answer may still be in flight.
      await waitFor(() => t.log.requests.some((e) => e.status === 429), 5000, 'the client seeing the 429');
      const limitedAt = (t.tenant.requests.find((r) => r.status === 429) as { at: number }).at;
      await t.client.getConnector({ scriptName: 'slack' });
      await first;
      const slack = t.tenant.requests.find((r) => r.path.endsWith('/slack'));
      assert.ok(slack && slack.at - limitedAt >= 990, 'another request went out during the Retry-After wait');
    });
  });
});
