import * as assert from 'node:assert/strict';
import { ContentStates, fingerprint } from '../../../src/fs/contentState';
import { checkXmlWellFormed } from '../../../src/fs/saveGuard';

const bytes = (s: string) => new TextEncoder().encode(s);

describe('content state', () => {
  it('ends the state of every file under a prefix (a removed tenant, a deleted connector) and no other', () => {
    const states = new ContentStates(() => 1);
    const keys = ['isc-connector://acme/ad/source-config.xml', 'isc-connector://acme/ad/translations/de.properties', 'isc-connector://acme/adx/source-config.xml', 'isc-connector://beta/ad/source-config.xml'];
    for (const k of keys) states.observe(k, bytes('<a/>'), true);
    states.forgetAll('isc-connector://acme/ad/');
    assert.deepEqual(states.keys(), ['isc-connector://acme/adx/source-config.xml', 'isc-connector://beta/ad/source-config.xml']);
    assert.equal(states.get('isc-connector://acme/ad/source-config.xml'), undefined);
    states.forgetAll('isc-connector://acme/');
    assert.deepEqual(states.keys(), ['isc-connector://beta/ad/source-config.xml']);
  });

  it('keeps the mtime while the content stays the same, and advances it when the content changes', () => {
    let clock = 1000;
    const states = new ContentStates(() => clock);
    const first = states.observe('k', bytes('<a/>'), true);
    assert.equal(first.changed, false);
    assert.equal(first.version.mtime, 1000);
    clock = 5000;
    assert.equal(states.observe('k', bytes('<a/>'), false).version.mtime, 1000);
    const second = states.observe('k', bytes('<b/>'), false);
    assert.equal(second.changed, true);
    assert.equal(second.version.mtime, 5000);
    assert.equal(second.version.size, 4);
    // A clock that did not move still gives a newer mtime.
    assert.equal(states.observe('k', bytes('<c/>'), false).version.mtime, 5001);
  });

  it('keeps the base an editor saw until it reads again', () => {
    const states = new ContentStates(() => 1);
    states.observe('k', bytes('mine'), true);
    states.observe('k', bytes('theirs'), false);
    assert.equal(states.base('k'), fingerprint(bytes('mine')));
    states.observe('k', bytes('theirs'), true);
    assert.equal(states.base('k'), fingerprint(bytes('theirs')));
  });

  it('uploads when the tenant still holds the content the editor was based on', () => {
    const states = new ContentStates(() => 1);
    states.observe('k', bytes('<a/>'), true);
    states.observe('k', bytes('<a/>'), false);
    assert.deepEqual(states.decideWrite('k'), { upload: true });
    assert.equal(states.conflict('k'), undefined);
  });

  it('keeps refusing a same-size change on the tenant until the user chooses Overwrite', () => {
    const states = new ContentStates(() => 1);
    states.observe('k', bytes('<a name="host"/>'), true);
    states.observe('k', bytes('<a name="HOST"/>'), false);
    const first = states.decideWrite('k');
    assert.deepEqual(first, { upload: false, conflict: { remoteFingerprint: fingerprint(bytes('<a name="HOST"/>')), editorWillAsk: false, overwriteApproved: false } });
    // The second save (VS Code's size-blind check let it through) is still refused, and so is every further one.
    states.observe('k', bytes('<a name="HOST"/>'), false);
    assert.equal(states.decideWrite('k').upload, false);
    assert.equal(states.decideWrite('k').upload, false);
    assert.equal(states.approveOverwrite('k'), true);
    assert.deepEqual(states.decideWrite('k'), { upload: true });
    // Our upload becomes the base and resolves the conflict.
    states.observe('k', bytes('<a name="mine"/>'), true);
    assert.equal(states.conflict('k'), undefined);
    assert.deepEqual(states.decideWrite('k'), { upload: true });
  });

  it('lets VS Code ask when the sizes differ: the next save reaching the provider is the user\'s Overwrite', () => {
    const states = new ContentStates(() => 1);
    states.observe('k', bytes('<a/>'), true);
    states.observe('k', bytes('<a name="theirs"/>'), false);
    const first = states.decideWrite('k');
    assert.equal(first.upload, false);
    assert.equal(!first.upload && first.conflict?.editorWillAsk, true);
    assert.deepEqual(states.decideWrite('k'), { upload: true });
  });

  it('treats a further change on the tenant after the user was told (or approved) as a new conflict', () => {
    const states = new ContentStates(() => 1);
    states.observe('k', bytes('AAAA'), true);
    states.observe('k', bytes('BBBB'), false);
    assert.equal(states.decideWrite('k').upload, false);
    assert.equal(states.approveOverwrite('k'), true);
    states.observe('k', bytes('CCCC'), false);
    const again = states.decideWrite('k');
    assert.deepEqual(again, { upload: false, conflict: { remoteFingerprint: fingerprint(bytes('CCCC')), editorWillAsk: false, overwriteApproved: false } });
    // A different-size third version is one VS Code sees.
    states.observe('k', bytes('DDDDDD'), false);
    const third = states.decideWrite('k');
    assert.equal(!third.upload && third.conflict?.editorWillAsk, true);
  });

  it('clears the conflict when the editor reads the file again (Revert, reopen), not when a snapshot is read', () => {
    const states = new ContentStates(() => 1);
    states.observe('k', bytes('AAAA'), true);
    states.observe('k', bytes('BBBB'), false);
    assert.equal(states.decideWrite('k').upload, false);
    states.observe('k', bytes('BBBB'), false);
    assert.ok(states.conflict('k'), 'a snapshot or refresh leaves it pending');
    states.observe('k', bytes('BBBB'), true);
    assert.equal(states.conflict('k'), undefined);
    assert.deepEqual(states.decideWrite('k'), { upload: true });
    assert.equal(states.approveOverwrite('k'), false, 'nothing left to overwrite');
  });

  it('clears the conflict when the tenant goes back to the editor\'s base', () => {
    const states = new ContentStates(() => 1);
    states.observe('k', bytes('AAAA'), true);
    states.observe('k', bytes('BBBB'), false);
    assert.equal(states.decideWrite('k').upload, false);
    states.observe('k', bytes('AAAA'), false);
    assert.deepEqual(states.decideWrite('k'), { upload: true });
    assert.equal(states.conflict('k'), undefined);
  });

  it('judges a confirmed upload against its preview only, without touching the editor\'s conflict state', () => {
    const states = new ContentStates(() => 1);
    states.observe('k', bytes('AAAA'), true);
    states.observe('k', bytes('BBBB'), false);
    assert.deepEqual(states.decideWrite('k', fingerprint(bytes('BBBB'))), { upload: true });
    assert.deepEqual(states.decideWrite('k', fingerprint(bytes('AAAA'))), { upload: false, conflict: undefined });
    assert.equal(states.conflict('k'), undefined);
    assert.equal(states.decideWrite('k').upload, false, 'the open editor is still in conflict');
  });

  it('tells a BOM and CRLF apart from plain text', () => {
    assert.notEqual(fingerprint(bytes('\uFEFF<a/>\r\n')), fingerprint(bytes('<a/>\n')));
  });
});

describe('XML well-formedness guard', () => {
  it('accepts well-formed XML with a BOM and a DOCTYPE', () => {
    assert.equal(checkXmlWellFormed('\uFEFF<?xml version="1.0"?>\r\n<!DOCTYPE Form PUBLIC "sailpoint.dtd" "sailpoint.dtd">\r\n<Form/>\r\n'), undefined);
  });

  it('reports the line and column of the first error', () => {
    const error = checkXmlWellFormed('<?xml version="1.0"?>\n<Form>\n  <Field></Form>\n');
    assert.ok(error);
    assert.equal(error.line, 3);
    assert.equal(typeof error.column, 'number');
  });
});
