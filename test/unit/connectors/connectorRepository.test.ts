// The connectors domain layer against the local tenant through the real client: one ConnectorRepository per
// tenant (list, filter, cached details, pins, locales, create/delete) and the repositories' end of per-file state.
import * as assert from 'node:assert/strict';
import { ConnectorRepositories, type ForgetDocuments, type RepositoryTenants } from '../../../src/connectors/connectorRepositories';
import { ConnectorRepository, type PinnedConnectors } from '../../../src/connectors/connectorRepository';
import { hasText, localesWithText } from '../../../src/connectors/locales';
import type { TenantChange } from '../../../src/tenants/tenantStore';
import { Emitter } from '../../../src/util/emitter';
import { startTenantAndClient, type TenantAndClient } from '../isc/helpers';

/** Pins kept in memory, as the tenant store keeps them in globalState. */
class MemoryPins implements PinnedConnectors {
  readonly pins = new Map<string, string[]>();
  getPinned(tenantId: string): string[] {
    return [...(this.pins.get(tenantId) ?? [])];
  }
  async pin(tenantId: string, scriptName: string): Promise<void> {
    const list = this.getPinned(tenantId);
    if (!list.includes(scriptName)) this.pins.set(tenantId, [...list, scriptName]);
  }
  async unpin(tenantId: string, scriptName: string): Promise<void> {
    this.pins.set(tenantId, this.getPinned(tenantId).filter((s) => s !== scriptName));
  }
}

describe('connectors domain layer', () => {
  let t: TenantAndClient;
  let pins: MemoryPins;
  let repository: ConnectorRepository;

  beforeEach(async () => {
    t = await startTenantAndClient({ rateLimit: false });
    pins = new MemoryPins();
    repository = new ConnectorRepository('acme', { clients: { getClient: async () => t.client }, pins, pageSize: () => 5 });
  });
  afterEach(async () => {
    await t.close();
  });

  const listRequests = (): number => t.tenant.requests.filter((r) => r.method === 'GET' && r.pathname === '/v2024/connectors').length;

  describe('locales with translations', () => {
    it('counts a translation of only white space as none (one definition for the tree, the file system, export and pickers)', () => {
      for (const blank of ['', ' ', '\r\n', ' \t\r\n \n']) assert.equal(hasText(blank), false, JSON.stringify(blank));
      assert.equal(hasText('# comment\n'), true);
      assert.equal(hasText(undefined), false);
      assert.deepEqual(localesWithText({ translationProperties: { fr: ' \r\n\t', de: 'a=b\n', en: '', xx: 'a=b' } }), ['de']);
    });

    it('lists the locales the tenant has text for plus those added this session, in the API order', async () => {
      t.tenant.store.add({ name: 'Locales', scriptName: 'locales', translations: { ja: 'a=b\n', fr: ' \r\n', de: '# Deutsch\n' } });
      assert.deepEqual(await repository.locales('locales'), ['de', 'ja']);
      repository.addLocale('locales', 'fr');
      repository.addLocale('locales', 'no');
      assert.deepEqual(await repository.locales('locales'), ['de', 'no', 'fr', 'ja']);
    });
  });

  it('pages the list, keeps the filter, and loads it again after invalidate', async () => {
    const first = await repository.loadFirstPage();
    assert.equal(first.items.length, 5);
    assert.ok(first.hasMore);
    await repository.loadNextPage();
    assert.equal((await repository.loadedConnectors()).length, 10);
    assert.equal(listRequests(), 2);

    repository.setFilter([{ field: 'name', op: 'startsWith', value: 'S' }]);
    assert.equal(repository.filterQuery, 'name sw "S"');
    const names = (await repository.loadedConnectors()).map((c) => c.name);
    assert.deepEqual(names, ['Salesforce', 'SAP S/4HANA', 'ServiceNow', 'Slack']);
    repository.invalidate();
    await repository.loadFirstPage();
    const filtered = t.tenant.requests.filter((r) => r.pathname === '/v2024/connectors');
    assert.equal(filtered[filtered.length - 1].query.get('filters'), 'name sw "S"', 'the filter outlives invalidate');
  });

  it('caches details until invalidate, and does not cache a failure', async () => {
    const gets = (): number => t.tenant.requests.filter((r) => r.method === 'GET' && r.pathname === '/v2024/connectors/servicenow').length;
    await repository.detail('servicenow');
    await repository.detail('servicenow');
    assert.equal(gets(), 1);
    repository.invalidate();
    await repository.detail('servicenow');
    assert.equal(gets(), 2);
    t.tenant.faults.inject({ status: 500 }, { match: { pathIncludes: '/connectors/servicenow' } });
    repository.invalidate();
    await assert.rejects(repository.detail('servicenow'));
    assert.equal((await repository.detail('servicenow')).scriptName, 'servicenow');
  });

  describe('pinning a connector the user opened or created', () => {
    it('pins one that is not RELEASED (the list never returns it)', async () => {
      assert.deepEqual(await repository.pinUnlessListed('acme-payroll', 'DEVELOPMENT'), { pinned: true });
      assert.deepEqual(repository.pinned(), ['acme-payroll']);
    });

    it('does not pin a RELEASED one the list shows, and pins one beyond the loaded pages', async () => {
      const [firstListed] = await repository.loadedConnectors();
      assert.deepEqual(await repository.pinUnlessListed(firstListed.scriptName, 'RELEASED'), { pinned: false });
      assert.deepEqual(await repository.pinUnlessListed('slack', 'RELEASED'), { pinned: true }, 'slack is not on the first page of 5');
      assert.deepEqual(repository.pinned(), ['slack']);
    });

    it('does not pin a RELEASED one when the list cannot be read, and says why', async () => {
      t.tenant.faults.inject({ status: 503 }, { match: { method: 'GET', pathIncludes: '/v2024/connectors?' }, times: Infinity });
      const result = await repository.pinUnlessListed('servicenow', 'RELEASED');
      assert.equal(result.pinned, false);
      assert.match(String((result.listFailure as Error).message), /unavailable/i);
      assert.deepEqual(repository.pinned(), []);
    });
  });

  it('deletes a connector on the tenant: unpinned, gone from the list, and its documents\' state is to end', async () => {
    const created = await repository.create({ name: 'Short Lived', className: 'sailpoint.connector.OpenConnectorAdapter', status: 'DEVELOPMENT' });
    const scriptName = created.scriptName ?? '';
    await repository.pin(scriptName);
    const deleted: string[] = [];
    repository.onDidDeleteConnector((s) => deleted.push(s));
    await repository.delete(scriptName);
    assert.deepEqual(deleted, [scriptName]);
    assert.deepEqual(repository.pinned(), []);
    assert.equal(t.tenant.store.get(scriptName), undefined);
  });

  describe('the repositories of all tenants', () => {
    function tenants(): RepositoryTenants & { changes: Emitter<TenantChange>; ids: Set<string> } {
      const changes = new Emitter<TenantChange>();
      const ids = new Set(['acme', 'beta']);
      return Object.assign(pins, { changes, ids, onDidChange: changes.event, get: (id: string) => (ids.has(id) ? { id } : undefined) });
    }

    it('end the per-file state of a removed tenant and of a deleted connector', async () => {
      const store = tenants();
      const repositories = new ConnectorRepositories(store, { getClient: async () => t.client }, () => 250);
      const forgotten: ForgetDocuments[] = [];
      repositories.onDidForget((e) => forgotten.push(e));
      const created = await repositories.get('acme').create({ name: 'Doomed', className: 'x', status: 'DEVELOPMENT' });
      await repositories.get('acme').delete(created.scriptName ?? '');
      assert.deepEqual(forgotten, [{ tenantId: 'acme', scriptName: created.scriptName }]);

      const before = repositories.get('beta');
      store.ids.delete('beta');
      store.changes.fire({ kind: 'removed', tenantId: 'beta' });
      assert.deepEqual(forgotten[1], { tenantId: 'beta' });
      assert.throws(() => repositories.get('beta'), /Tenant "beta" is not configured/);
      store.ids.add('beta');
      assert.notEqual(repositories.get('beta'), before, 'a tenant added again starts afresh');
      repositories.dispose();
    });

    it('drop a tenant\'s cached data when its credentials change, not when a flag does', async () => {
      const store = tenants();
      const repositories = new ConnectorRepositories(store, { getClient: async () => t.client }, () => 250);
      const gets = (): number => t.tenant.requests.filter((r) => r.pathname === '/v2024/connectors/servicenow').length;
      await repositories.get('acme').detail('servicenow');
      store.changes.fire({ kind: 'updated', tenantId: 'acme', credentialsChanged: false });
      await repositories.get('acme').detail('servicenow');
      assert.equal(gets(), 1);
      store.changes.fire({ kind: 'updated', tenantId: 'acme', credentialsChanged: true });
      await repositories.get('acme').detail('servicenow');
      assert.equal(gets(), 2);
      repositories.dispose();
    });
  });
});
