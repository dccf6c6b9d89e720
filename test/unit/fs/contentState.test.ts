import * as assert from 'node:assert/strict';
import { ContentStates, fingerprint } from '../../../src/fs/contentState';
import { checkXmlWellFormed } from '../../../src/fs/saveGuard';

const bytes = (s: string) => new TextEncoder().encode(s);

describe('content state', () => {
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

  it('keeps the base an editor saw until it reads again or a conflict was reported', () => {
    const states = new ContentStates(() => 1);
    states.observe('k', bytes('mine'), true);
    states.observe('k', bytes('theirs'), false);
    assert.equal(states.base('k'), fingerprint(bytes('mine')));
    states.rebase('k');
    assert.equal(states.base('k'), fingerprint(bytes('theirs')));
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
