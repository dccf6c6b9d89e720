// Texts that commands build from parts are translated as a whole: the API layout descriptions in the Set API
// Layout picker, and the titles of the diff editors of Compare with Tenant / Compare with Another Tenant.
import * as assert from 'node:assert/strict';
import type * as ApiLayoutCommandsModule from '../../../src/commands/apiLayoutCommands';
import type * as DocumentCommandsModule from '../../../src/commands/documentCommands';
import type { CommandServices } from '../../../src/commands/registerCommands';
import { CommandIds } from '../../../src/constants';
import { toConnectorFileUri } from '../../../src/fs/connectorUri';
import { bundle, loadWithStandIn, shown, vscodeStandIn } from '../util/l10nStandIn';

const TENANTS: Record<string, { id: string; name: string }> = { acme: { id: 'acme', name: 'Acme' }, other: { id: 'other', name: 'Other' } };
const services = {
  store: { get: (id: string) => TENANTS[id], list: () => Object.values(TENANTS) },
  clients: { apiLayoutOf: () => undefined },
  documents: { refresh: () => Promise.resolve(new Uint8Array()) },
  logger: { info: () => undefined },
} as unknown as CommandServices;
const SOURCE_CONFIG = vscodeStandIn.Uri.from(toConnectorFileUri('acme', 'my-connector', { kind: 'sourceConfig' }));

describe('texts commands build from parts, through l10n', () => {
  const load = loadWithStandIn(() => ({
    /* eslint-disable @typescript-eslint/no-require-imports -- loaded after the 'vscode' stand-in is in place */
    layouts: require('../../../src/commands/apiLayoutCommands') as typeof ApiLayoutCommandsModule,
    documents: require('../../../src/commands/documentCommands') as typeof DocumentCommandsModule,
    /* eslint-enable @typescript-eslint/no-require-imports */
  }));
  beforeEach(() => {
    bundle.clear();
    shown.quickPicks.length = 0;
    shown.commands.length = 0;
  });

  it('translates the API layout descriptions of the Set API Layout picker', async () => {
    bundle.set('API version {0}', 'API-Version {0}');
    bundle.set('per-service Connectors API v1', 'Connectors-API v1 je Dienst');
    await load().layouts.apiLayoutCommandHandlers(services)[CommandIds.setApiLayout]({ tenantId: 'acme' });
    const details = (shown.quickPicks[0] as Array<{ detail?: string }>).map((i) => i.detail);
    assert.ok(details.includes('Always /connectors/v1 (Connectors-API v1 je Dienst)'), details.join('\n'));
    assert.ok(details.includes('Always /v2026/connectors (API-Version 2026)'), details.join('\n'));
  });

  it('translates the titles of the diff editors as one text', async () => {
    bundle.set('{0} ({1}): {2} ↔ {3}', '{0} ({1}): {3} verglichen mit {2}');
    bundle.set('Yours', 'Ihre Fassung');
    const handlers = load().documents.documentCommandHandlers(services);
    await handlers[CommandIds.compareWithTenant](SOURCE_CONFIG);
    await handlers[CommandIds.compareWithAnotherTenant](SOURCE_CONFIG, 'other');
    const titles = shown.commands.filter((c) => c[0] === 'vscode.diff').map((c) => c[3]);
    assert.deepEqual(titles, ['source-config.xml (my-connector): Ihre Fassung verglichen mit Acme', 'source-config.xml (my-connector): Acme verglichen mit Other']);
  });
});
