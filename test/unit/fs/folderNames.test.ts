// Export folder names: the URI codec's reversible encoding of a scriptName for file systems.
import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { folderNameToScriptName, scriptNameToFolderName } from '../../../src/fs/connectorUri';
import { faultSeed } from '../faults/scenarios';

const SEED = faultSeed();
/** What Windows, macOS and Linux all accept in a folder name, without trailing dot or space or a device name. */
const PORTABLE = /^(?!(?:con|prn|aux|nul|com\d|lpt\d)(?:\..*)?$)[A-Za-z0-9_.%\- -]*[A-Za-z0-9_%-]$|^[A-Za-z0-9_%-]$/i;

describe('export folder names', () => {
  it('finding 8: a/b, a\\b and a_b get three different folders, and each decodes back', () => {
    const names = ['a/b', 'a\\b', 'a_b'].map(scriptNameToFolderName);
    assert.deepEqual(names, ['a%2Fb', 'a%5Cb', 'a_b']);
    assert.deepEqual(names.map(folderNameToScriptName), ['a/b', 'a\\b', 'a_b']);
  });

  it('keeps ordinary scriptNames readable and escapes what a file system would not keep', () => {
    assert.equal(scriptNameToFolderName('active-directory'), 'active-directory');
    assert.equal(scriptNameToFolderName('My Connector'), 'My Connector');
    assert.equal(scriptNameToFolderName('..'), '%2E%2E');
    assert.equal(scriptNameToFolderName('name.'), 'name%2E');
    assert.equal(scriptNameToFolderName(' x '), '%20x%20');
    assert.equal(scriptNameToFolderName('CON'), '%43ON');
    assert.equal(scriptNameToFolderName('nul.txt'), '%6Eul.txt');
    assert.equal(scriptNameToFolderName('100%'), '100%25');
    assert.equal(scriptNameToFolderName('Grüße'), 'Gr%C3%BC%C3%9Fe');
    assert.equal(scriptNameToFolderName('a\uD800b'), 'a%uD800b');
    assert.throws(() => scriptNameToFolderName(''));
  });

  it(`round-trips every string, never maps two to one name, and always gives a portable name (fast-check, seed ${SEED})`, () => {
    const scriptName = fc.oneof(fc.string({ unit: 'binary', minLength: 1, maxLength: 12 }), fc.string({ unit: fc.constantFrom('a', 'A', '.', ' ', '%', '/', '\\', ':', 'C', 'O', 'N', 'é', '\uD800'), minLength: 1, maxLength: 8 }));
    fc.assert(
      fc.property(scriptName, scriptName, (a, b) => {
        const fa = scriptNameToFolderName(a);
        assert.equal(folderNameToScriptName(fa), a);
        assert.match(fa, PORTABLE);
        if (a !== b) assert.notEqual(fa, scriptNameToFolderName(b));
      }),
      { numRuns: 3000, seed: SEED },
    );
  });

  it('decodes only names it would produce', () => {
    for (const name of ['a%2fb', '%ZZ', '%C3', 'a%u12', '', 'name.', '%2e']) assert.equal(folderNameToScriptName(name), undefined, name);
  });
});
