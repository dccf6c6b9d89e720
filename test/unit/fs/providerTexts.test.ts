// The FileSystemProvider's refusals name the commands as the Command Palette shows them.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type * as ProviderModule from '../../../src/fs/connectorFileSystem';
import { loadWithStandIn } from '../util/l10nStandIn';

const nls = JSON.parse(fs.readFileSync(path.join(__dirname, '..', '..', '..', 'package.nls.json'), 'utf8')) as Record<string, string>;

describe('connector file system texts', () => {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded after the 'vscode' stand-in is in place
  const provider = loadWithStandIn(() => require('../../../src/fs/connectorFileSystem') as typeof ProviderModule);

  it('refuses to delete a file naming "Delete Custom Connector…" as the palette titles it', () => {
    const title = nls['command.deleteConnector.title'];
    assert.equal(title, 'Delete Custom Connector…');
    assert.throws(() => provider().ConnectorFileSystemProvider.prototype.delete.call(undefined), (e: Error) => e.message.includes(`"${title}"`));
  });

  it('refuses to create a folder naming "Create Custom Connector…" as the palette titles it', () => {
    const title = nls['command.createConnector.title'];
    assert.throws(() => provider().ConnectorFileSystemProvider.prototype.createDirectory.call(undefined), (e: Error) => e.message.includes(`"${title}"`));
  });
});
