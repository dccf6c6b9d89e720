// A tenant id that names no configured tenant gets the one message, in the display language, on every path that
// looks a tenant up: the command pickers, the connector file system, the document core, the connector
// repositories, the tenant clients and the tenant store (Update Credentials…, Set API Layout… on a removed tenant).
import * as assert from 'node:assert/strict';
import type * as PickersModule from '../../../src/commands/pickers';
import { ConnectorRepositories, type RepositoryTenants } from '../../../src/connectors/connectorRepositories';
import type { ConnectorClientSource } from '../../../src/connectors/connectorRepository';
import { ConnectorDocuments, type DocumentCoreDeps } from '../../../src/fs/connectorDocuments';
import type * as ProviderModule from '../../../src/fs/connectorFileSystem';
import type { ConnectorFileResource } from '../../../src/fs/connectorUri';
import type * as ClientsModule from '../../../src/tenants/tenantClients';
import type * as StoreModule from '../../../src/tenants/tenantStore';
import type { TenantStore } from '../../../src/tenants/tenantStore';
import type * as ErrorsModule from '../../../src/util/errors';
import { bundle, loadWithStandIn, vscodeStandIn } from '../util/l10nStandIn';

const KEY = 'Tenant "{0}" is not configured (any more). Add it with "Add Tenant…".';
const SHOWN = 'Mandant "gone" ist nicht (mehr) eingerichtet. Fügen Sie ihn mit "Mandant hinzufügen…" hinzu.';
const RESOURCE = { tenantId: 'gone', scriptName: 'acme', file: { kind: 'source-config' } } as unknown as ConnectorFileResource;
const noEvent = () => ({ dispose: () => undefined });

/** What `f` throws or rejects with. */
async function rejection(f: () => unknown): Promise<unknown> {
  try {
    await f();
  } catch (e) {
    return e;
  }
  return assert.fail('expected an error');
}

describe('the one message for a tenant that is not configured', () => {
  const load = loadWithStandIn(() => ({
    /* eslint-disable @typescript-eslint/no-require-imports -- loaded after the 'vscode' stand-in is in place */
    errors: require('../../../src/util/errors') as typeof ErrorsModule,
    pickers: require('../../../src/commands/pickers') as typeof PickersModule,
    provider: require('../../../src/fs/connectorFileSystem') as typeof ProviderModule,
    clients: require('../../../src/tenants/tenantClients') as typeof ClientsModule,
    store: require('../../../src/tenants/tenantStore') as typeof StoreModule,
    /* eslint-enable @typescript-eslint/no-require-imports */
  }));
  beforeEach(() => bundle.set(KEY, 'Mandant "{0}" ist nicht (mehr) eingerichtet. Fügen Sie ihn mit "Mandant hinzufügen…" hinzu.'));
  const shown = (e: unknown): string => load().errors.describeError(e);

  it('from the command pickers', async () => {
    const store = { get: () => undefined } as unknown as TenantStore;
    assert.equal(shown(await rejection(() => load().pickers.requireTenant({ store }, 'gone'))), SHOWN);
  });

  it('from the connector file system', async () => {
    const tenantOf = (load().provider.ConnectorFileSystemProvider.prototype as unknown as { tenantOf(r: unknown): unknown }).tenantOf;
    const e = await rejection(() => tenantOf.call({ deps: { tenants: { get: () => undefined } } }, RESOURCE));
    assert.ok(e instanceof vscodeStandIn.FileSystemError);
    assert.equal(shown(e), SHOWN);
  });

  it('from the document core', async () => {
    const deps = { tenants: { get: () => undefined }, translate: vscodeStandIn.l10n.t } as unknown as DocumentCoreDeps;
    assert.equal(shown(await rejection(() => new ConnectorDocuments(deps).read(RESOURCE))), SHOWN);
  });

  it('from the connector repositories', async () => {
    const tenants = { get: () => undefined, onDidChange: noEvent } as unknown as RepositoryTenants;
    const repositories = new ConnectorRepositories(tenants, {} as ConnectorClientSource, () => 250);
    assert.equal(shown(await rejection(() => repositories.get('gone'))), SHOWN);
    repositories.dispose();
  });

  it('from the tenant clients', async () => {
    const store = { get: () => undefined, onDidChange: noEvent } as unknown as TenantStore;
    const clients = new (load().clients.TenantClients)(store, () => assert.fail('no client for a tenant that is gone'), {} as never);
    assert.equal(shown(await rejection(() => clients.getClient('gone'))), SHOWN);
    clients.dispose();
  });

  it('from the tenant store (a tenant removed in another window, then updated or given a layout here)', async () => {
    const memento = { get: () => [], update: () => Promise.resolve(), keys: () => [] };
    const secrets = { get: () => Promise.resolve(undefined), store: () => Promise.resolve(), delete: () => Promise.resolve(), onDidChange: noEvent };
    const store = new (load().store.TenantStore)(memento as never, secrets as never);
    assert.equal(shown(await rejection(() => store.update('gone', { readOnly: true }))), SHOWN);
    assert.equal(shown(await rejection(() => store.setApiLayout('gone', 'v2024'))), SHOWN);
    store.dispose();
  });
});
