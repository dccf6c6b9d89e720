// The client's errors and log lines carry no secret: whatever inspects or serialises an IscApiError (a log, an
// error reporter, console.error) must not find the bearer token or the client secret in it — not even in its
// cause chain. And the scanner used by the fault matrix and the VS Code secret scan finds every form of a secret.
import * as assert from 'node:assert/strict';
import { IscClient } from '../../../src/isc/client';
import { IscApiError } from '../../../src/isc/errors';
import { startMockTenant, type MockTenant } from '../../mock-tenant/server';
import { findSecrets, secretForms, tenantSecrets, textsOfError } from './secretScan';

describe('secret hygiene of the client', function () {
  this.timeout(30_000);
  let tenant: MockTenant;
  let client: IscClient;
  const log: string[] = [];

  beforeEach(async () => {
    tenant = await startMockTenant({ seed: 'default', rateLimit: false });
    client = new IscClient(
      { baseUrl: tenant.url, clientId: tenant.clientId, clientSecret: tenant.clientSecret },
      { timeoutMs: 1000, retryBaseDelayMs: 1, maxRetries: 1, logger: { request: (e) => log.push(JSON.stringify(e)), debug: (m) => log.push(m), warn: (m) => log.push(m) } },
    );
    await client.getConnectorList({ limit: 1 }); // a token is in use from here on
  });

  afterEach(async () => {
    client.dispose();
    await tenant.close();
  });

  const failures: Array<[string, (t: MockTenant, c: IscClient) => Promise<unknown>]> = [
    ['a connection reset (network error)', (t, c) => {
      t.faults.inject({ kind: 'reset-before-response' }, { times: Infinity });
      return c.getConnectorList();
    }],
    ['a timeout', (t, c) => {
      t.faults.inject({ kind: 'hang', ms: Infinity }, { times: Infinity });
      return c.getConnectorSourceConfig({ scriptName: 'servicenow' });
    }],
    ['a request cancelled by dispose()', (t, c) => {
      t.faults.inject({ kind: 'hang', ms: Infinity }, { times: Infinity });
      const p = c.getConnectorSourceConfig({ scriptName: 'servicenow' });
      const started = t.requests.length;
      const timer = setInterval(() => {
        if (t.requests.length > started) {
          clearInterval(timer);
          c.dispose();
        }
      }, 2);
      return p;
    }],
    ['a 401 with the tenant\'s words', (t, c) => {
      t.faults.inject({ status: 401, body: { error: 'JWT validation failed: token is not valid' } }, { times: 2 });
      return c.getConnectorList();
    }],
    ['a 500', (t, c) => {
      t.faults.inject({ status: 500 });
      return c.putConnectorTranslations({ scriptName: 'servicenow', locale: 'de', file: 'k=v\n' });
    }],
  ];
  for (const [title, fail] of failures) {
    it(`${title}: no token or secret anywhere in the error or the log`, async () => {
      let error: unknown;
      try {
        await fail(tenant, client);
      } catch (e) {
        error = e;
      }
      assert.ok(error instanceof IscApiError, `an IscApiError, got ${String(error)}`);
      assert.ok(tenant.issuedTokens().length >= 1);
      const leaks = findSecrets([...textsOfError(error), ...log.map((text) => ({ where: 'log', text }))], tenantSecrets(tenant));
      assert.deepEqual(leaks, []);
    });
  }

  it('the scanner finds a secret as is, URL-encoded, JSON-escaped, in base64 and a JWT by its signature', () => {
    const token = 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4In0.c2lnbmF0dXJlLXBhcnQtb2YtdGhlLXRva2Vu';
    const secret = 'se/cr"et+value=1234';
    for (const form of [...secretForms(secret), ...secretForms(token)]) {
      const leaks = findSecrets([{ where: 'text', text: `before ${form} after` }], [{ label: 's', value: secret }, { label: 't', value: token }]);
      assert.equal(leaks.length >= 1, true, form);
    }
    assert.equal(findSecrets([{ where: 'text', text: 'Authorization: Bearer c2lnbmF0dXJlLXBhcnQtb2YtdGhlLXRva2Vu' }], [{ label: 't', value: token }]).length, 1);
    assert.deepEqual(findSecrets([{ where: 'text', text: 'nothing here' }], [{ label: 's', value: secret }]), []);
    // inside a longer base64 text, at every byte alignment (Basic base64(id:secret)), also form-encoded
    for (const id of ['a', 'ab', 'abc', 'client-id-1234']) {
      const basic = `Authorization: Basic ${Buffer.from(`${id}:${secret}`).toString('base64')}`;
      assert.equal(findSecrets([{ where: 'text', text: basic }], [{ label: 's', value: secret }]).length, 1, id);
    }
    assert.equal(findSecrets([{ where: 'text', text: `client_secret=${new URLSearchParams({ s: secret }).toString().slice(2)}` }], [{ label: 's', value: secret }]).length, 1);
  });
});
