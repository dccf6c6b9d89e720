// What the save core knows per file: versions with honest mtimes, and the editor's base learned from its text.
import * as assert from 'node:assert/strict';
import { ContentStates, fingerprint } from '../../../src/fs/contentState';

const bytes = (s: string) => new TextEncoder().encode(s);
const base = (states: ContentStates, key: string) => {
  const b = states.base(key);
  return b === undefined || b === 'unknown' ? b : b.fingerprint;
};

describe('content state', () => {
  it('ends the state of every file under a prefix (a removed tenant, a deleted connector) and no other', () => {
    const states = new ContentStates(() => 1);
    const keys = ['isc-connector://acme/ad/source-config.xml', 'isc-connector://acme/ad/translations/de.properties', 'isc-connector://acme/adx/source-config.xml', 'isc-connector://beta/ad/source-config.xml'];
    for (const k of keys) states.observe(k, bytes('<a/>'));
    states.forgetAll('isc-connector://acme/ad/');
    assert.deepEqual(states.keys(), ['isc-connector://acme/adx/source-config.xml', 'isc-connector://beta/ad/source-config.xml']);
    states.forgetAll('isc-connector://acme/');
    assert.deepEqual(states.keys(), ['isc-connector://beta/ad/source-config.xml']);
  });

  it('moves the mtime only when the content changes, and never backwards (also when an older content comes back)', () => {
    let clock = 1000;
    const states = new ContentStates(() => clock);
    assert.equal(states.observe('k', bytes('<a/>')).version.mtime, 1000);
    clock = 5000;
    assert.equal(states.observe('k', bytes('<a/>')).version.mtime, 1000);
    const b = states.observe('k', bytes('<b/>'));
    assert.equal(b.changed, true);
    assert.equal(b.version.mtime, 5000);
    clock = 10;
    assert.equal(states.observe('k', bytes('<a/>')).version.mtime, 5001, 'the first content again is a change: a newer mtime');
  });

  it('learns the editor\'s base from its text, whatever was read after it', () => {
    const states = new ContentStates(() => 1);
    states.observe('k', bytes('mine'));
    states.editorLoaded('k', 'mine');
    states.observe('k', bytes('theirs')); // someone else's read of the file
    assert.equal(base(states, 'k'), fingerprint(bytes('mine')));
    states.editorLoaded('k', 'theirs'); // the editor reloaded it (clean with that text)
    assert.equal(base(states, 'k'), fingerprint(bytes('theirs')));
  });

  it('matches a text without its BOM, and with line endings VS Code made uniform only when that is unambiguous', () => {
    const states = new ContentStates(() => 1);
    states.observe('k', bytes('\uFEFF<a>\r\n</a>\n'));
    states.editorLoaded('k', '<a>\n</a>\n');
    assert.equal(base(states, 'k'), fingerprint(bytes('\uFEFF<a>\r\n</a>\n')));
    const other = new ContentStates(() => 1);
    other.observe('k', bytes('x\r\ny'));
    other.observe('k', bytes('x\ny\r'));
    other.observe('k', bytes('x\ry'));
    other.editorLoaded('k', 'x\ny');
    assert.equal(base(other, 'k'), 'unknown', 'two contents differ only in line endings: no guess');
  });

  it('keeps the base when a clean text matches nothing (typing during a save), and says unknown when there was none', () => {
    const states = new ContentStates(() => 1);
    states.observe('k', bytes('one'));
    states.editorLoaded('k', 'one');
    states.editorLoaded('k', 'typed meanwhile');
    assert.equal(base(states, 'k'), fingerprint(bytes('one')));
    const fresh = new ContentStates(() => 1);
    fresh.editorLoaded('k', 'restored with unsaved changes');
    assert.equal(fresh.base('k'), 'unknown');
  });

  it('an upload answered after its save failed moves the base but not what the editor\'s model holds', () => {
    let clock = 100;
    const states = new ContentStates(() => clock++);
    states.observe('k', bytes('v1'));
    states.statAnswered('k', states.latest('k') as { mtime: number; size: number });
    states.editorLoaded('k', 'v1');
    const shown = states.shown('k');
    states.wrote('k', bytes('v2 longer'), 'late');
    assert.equal(base(states, 'k'), fingerprint(bytes('v2 longer')));
    assert.deepEqual(states.shown('k'), shown);
    states.wrote('k', bytes('v3'), true);
    assert.equal(states.shown('k')?.size, 2);
  });

  it('an Overwrite approval covers exactly one content and ends with a new base', () => {
    const states = new ContentStates(() => 1);
    states.observe('k', bytes('mine'));
    states.editorLoaded('k', 'mine');
    assert.equal(states.approveOverwrite('k'), false, 'nothing refused yet');
    states.refused('k', fingerprint(bytes('theirs')));
    assert.equal(states.approveOverwrite('k'), true);
    assert.equal(states.approved('k'), fingerprint(bytes('theirs')));
    states.refused('k', fingerprint(bytes('theirs again')));
    assert.equal(states.approved('k'), undefined, 'another change is another question');
    states.approve('k', fingerprint(bytes('theirs again')));
    states.observe('k', bytes('reloaded'));
    states.editorLoaded('k', 'reloaded');
    assert.equal(states.approved('k'), undefined);
  });
});
