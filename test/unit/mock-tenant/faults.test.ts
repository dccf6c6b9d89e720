import * as assert from 'node:assert/strict';
import type { UpdateDetail, V3ConnectorDto } from '../../../src/isc/types';
import { readFixture } from '../../mock-tenant/seed';
import type { MockTenant } from '../../mock-tenant/server';
import { waitFor } from '../isc/helpers';
import { api, bytesOf, fetchToken, putFile, startTenantWithToken } from './helpers';
import type { ErrorBody } from './helpers';

describe('mock tenant: fault injection', () => {
  let tenant: MockTenant;
  let token: string;
  beforeEach(async () => ({ tenant, token } = await startTenantWithToken()));
  afterEach(() => tenant.close());

  it('injects 429 with and without Retry-After, once by default', async () => {
    tenant.faults.inject({ status: 429, headers: { 'Retry-After': '7' } });
    tenant.faults.inject({ status: 429 });
    const first = await api(tenant, token, '/connectors');
    assert.equal(first.status, 429);
    assert.equal(first.headers.get('retry-after'), '7');
    assert.deepEqual(await first.json(), { message: ' Rate Limit Exceeded ' });
    const second = await api(tenant, token, '/connectors');
    assert.equal(second.status, 429);
    assert.equal(second.headers.get('retry-after'), null);
    assert.equal((await api(tenant, token, '/connectors')).status, 200);
  });

  it('injects 5xx with an ErrorResponseDto body, or a given body, `times` times', async () => {
    tenant.faults.inject({ status: 500 });
    const r500 = await api(tenant, token, '/connectors');
    assert.equal(r500.status, 500);
    const body = (await r500.json()) as ErrorBody;
    assert.equal(body.detailCode, '500.0 Internal Fault');
    assert.match(body.trackingId, /^[0-9a-f]{32}$/);
    for (const status of [502, 503, 504]) {
      tenant.faults.inject({ status, body: '<html>gateway</html>', headers: { 'Content-Type': 'text/html' } }, { times: 2 });
      for (let i = 0; i < 2; i++) {
        const res = await api(tenant, token, '/connectors');
        assert.equal(res.status, status);
        assert.equal(res.headers.get('content-type'), 'text/html');
        assert.equal(await res.text(), '<html>gateway</html>');
      }
      assert.equal((await api(tenant, token, '/connectors')).status, 200);
    }
  });

  it('matches faults by method and path, and leaves the token endpoint alone unless matched', async () => {
    tenant.faults.inject({ status: 503 }, { match: { method: 'put', pathIncludes: '/source-config' } });
    tenant.faults.inject({ status: 500 });
    // The unmatched 500 does not hit the token endpoint...
    assert.ok(await fetchToken(tenant));
    // ...but hits the next API call; the PUT fault waits for a PUT.
    assert.equal((await api(tenant, token, '/connectors/servicenow/source-config')).status, 500);
    assert.equal((await api(tenant, token, '/connectors/servicenow/source-config')).status, 200);
    const put = await putFile(tenant, token, '/connectors/servicenow/source-config', readFixture('spec-examples/source-config.form2.xml'));
    assert.equal(put.status, 503);

    tenant.faults.inject({ status: 401, body: { error: 'invalid_client' } }, { match: { pathIncludes: '/oauth/token' } });
    const tokenRes = await fetch(`${tenant.url}/oauth/token`, {
      method: 'POST',
      body: new URLSearchParams({ grant_type: 'client_credentials', client_id: tenant.clientId, client_secret: tenant.clientSecret }),
    });
    assert.equal(tokenRes.status, 401);
    assert.deepEqual(await tokenRes.json(), { error: 'invalid_client' });
    assert.equal(tenant.faults.pending, 0);
  });

  it('resets the connection before the response (and records the request)', async () => {
    tenant.faults.inject({ kind: 'reset-before-response' }, { times: Infinity });
    await assert.rejects(api(tenant, token, '/connectors'));
    tenant.faults.clear();
    const recorded = tenant.requests.filter((r) => r.path === '/v2024/connectors');
    assert.ok(recorded.length >= 1);
    assert.equal(recorded[0].status, undefined);
    assert.equal((await api(tenant, token, '/connectors')).status, 200);
  });

  it('resets the connection in the middle of the body', async () => {
    tenant.faults.inject({ kind: 'reset-mid-body' });
    const res = await api(tenant, token, '/connectors');
    assert.equal(res.status, 200);
    await assert.rejects(res.text());
  });

  it('hangs for ms, or until close() when ms is Infinity', async () => {
    tenant.faults.inject({ kind: 'hang', ms: 50 });
    assert.equal((await api(tenant, token, '/connectors?limit=1')).status, 200);

    tenant.faults.inject({ kind: 'hang', ms: Infinity }, { times: 2 });
    await assert.rejects(api(tenant, token, '/connectors', { signal: AbortSignal.timeout(200) }), /abort|timeout/i);
    const outcome = api(tenant, token, '/connectors?hang=2').then(() => 'answered', () => 'connection closed');
    await waitFor(() => tenant.requests.some((r) => r.path.includes('hang=2')));
    await tenant.close();
    assert.equal(await outcome, 'connection closed');
  });

  it('truncates JSON, sends non-JSON, or changes the content type', async () => {
    tenant.faults.inject({ kind: 'truncated-json' });
    const truncated = await api(tenant, token, '/connectors');
    assert.equal(truncated.status, 200);
    assert.equal(truncated.headers.get('content-type'), 'application/json;charset=UTF-8');
    await assert.rejects(truncated.json());

    tenant.faults.inject({ kind: 'non-json', body: '<html>login</html>' });
    const nonJson = await api(tenant, token, '/connectors');
    assert.equal(nonJson.status, 200);
    assert.equal(await nonJson.text(), '<html>login</html>');

    tenant.faults.inject({ kind: 'wrong-content-type', contentType: 'text/html' });
    const wrongType = await api(tenant, token, '/connectors/servicenow/source-config');
    assert.equal(wrongType.headers.get('content-type'), 'text/html');
    assert.deepEqual(await bytesOf(wrongType), tenant.store.getFile('servicenow', 'source-config'));

    const ok = await api(tenant, token, '/connectors');
    assert.ok(Array.isArray((await ok.json()) as V3ConnectorDto[]));
  });

  it('answers a PUT with an UpdateDetail ERROR/SKIPPED and stores nothing', async () => {
    const before = tenant.store.getFile('servicenow', 'correlation-config');
    const changed = '<CorrelationConfig name="changed"/>';
    tenant.faults.inject({ kind: 'update-status', status: 'SKIPPED', message: 'skipped by test' }, { match: { method: 'PUT' } });
    const skipped = (await (await putFile(tenant, token, '/connectors/servicenow/correlation-config', changed)).json()) as UpdateDetail;
    assert.equal(skipped.status, 'SKIPPED');
    assert.equal(skipped.message, 'skipped by test');
    assert.deepEqual(tenant.store.getFile('servicenow', 'correlation-config'), before);
    const updated = (await (await putFile(tenant, token, '/connectors/servicenow/correlation-config', changed)).json()) as UpdateDetail;
    assert.equal(updated.status, 'UPDATED');
  });

  it('holds a request until release() and then applies it (a request processed late); with thenReset, applies it and drops the connection', async () => {
    const changed = '<CorrelationConfig name="late"/>';
    tenant.faults.inject({ kind: 'hold' }, { match: { method: 'PUT' } });
    const answered = putFile(tenant, token, '/connectors/servicenow/correlation-config', changed).then((r) => r.status);
    await waitFor(() => tenant.faults.held.length === 1);
    assert.deepEqual(tenant.faults.held, [{ method: 'PUT', path: '/v2024/connectors/servicenow/correlation-config' }]);
    assert.notEqual(tenant.store.getFile('servicenow', 'correlation-config').toString(), changed, 'not applied while held');
    assert.equal(tenant.faults.release(), 1);
    assert.equal(await answered, 200);
    assert.equal(tenant.store.getFile('servicenow', 'correlation-config').toString(), changed);

    tenant.faults.inject({ kind: 'hold', thenReset: true }, { match: { method: 'PUT' } });
    const dropped = putFile(tenant, token, '/connectors/servicenow/correlation-config', '<CorrelationConfig name="dropped"/>');
    await waitFor(() => tenant.faults.held.length === 1);
    tenant.faults.release();
    await assert.rejects(dropped);
    assert.equal(tenant.store.getFile('servicenow', 'correlation-config').toString(), '<CorrelationConfig name="dropped"/>', 'applied before the connection dropped');
  });

  it('applies a request and then resets the connection before any byte of the answer', async () => {
    tenant.faults.inject({ kind: 'reset-after-apply' }, { match: { method: 'PUT' } });
    await assert.rejects(putFile(tenant, token, '/connectors/servicenow/correlation-config', '<CorrelationConfig name="applied"/>'));
    assert.equal(tenant.store.getFile('servicenow', 'correlation-config').toString(), '<CorrelationConfig name="applied"/>');
  });

  it('sends an oversized body, a gzip bomb, an echo of the request, or another reply body', async () => {
    tenant.faults.inject({ kind: 'oversized', bytes: 3_000_000 });
    assert.equal((await bytesOf(await api(tenant, token, '/connectors/servicenow/source-config'))).length, 3_000_000);

    tenant.faults.inject({ kind: 'gzip-bomb', bytes: 5_000_000 });
    const bomb = await fetch(`${tenant.url}/v2024/connectors/servicenow/source-config`, { headers: { authorization: `Bearer ${token}`, 'accept-encoding': 'gzip' } });
    assert.equal(bomb.headers.get('content-encoding'), 'gzip');
    assert.ok(Number(bomb.headers.get('content-length')) < 50_000, 'small on the wire');
    assert.equal((await bomb.arrayBuffer()).byteLength, 5_000_000, 'large once inflated');

    tenant.faults.inject({ kind: 'echo-request' });
    const echo = await api(tenant, token, '/connectors');
    assert.equal(echo.status, 500);
    assert.match(await echo.text(), new RegExp(`authorization: Bearer ${token}`));

    tenant.faults.inject({ kind: 'reply-body', body: { name: 'short' } }, { match: { method: 'PATCH' } });
    const patched = await api(tenant, token, '/connectors/servicenow', {
      method: 'PATCH',
      headers: { 'content-type': 'application/json-patch+json' },
      body: JSON.stringify([{ op: 'replace', path: '/connectorMetadata', value: { shortDesc: 'patched' } }]),
    });
    assert.deepEqual(await patched.json(), { name: 'short' });
    assert.equal(tenant.store.get('servicenow')?.connectorMetadata.shortDesc, 'patched', 'the PATCH was applied');
  });

  it('adds latency to every request without changing the answer', async () => {
    tenant.faults.latencyMs = 20;
    assert.equal((await api(tenant, token, '/connectors?limit=1')).status, 200);
    tenant.faults.latencyMs = 0;
  });

  it('restarts on the same port keeping store, tokens and recorded requests', async () => {
    const port = tenant.port;
    const url = tenant.url;
    tenant.store.setFile('servicenow', 'source-config', 'kept');
    await tenant.restart();
    assert.equal(tenant.port, port);
    assert.equal(tenant.url, url);
    const res = await api(tenant, token, '/connectors/servicenow/source-config');
    assert.equal(await res.text(), 'kept');
    assert.ok(tenant.requests.length >= 2);
  });
});
