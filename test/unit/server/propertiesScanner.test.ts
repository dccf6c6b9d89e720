// The .properties reader against java.util.Properties.load: what Java reads from the corner cases of line
// continuation (the entries below are what Java 17's Properties.load gives for each text).
import * as assert from 'node:assert/strict';
import { scanProperties } from '../../../src/server/propertiesScanner';

const read = (text: string): Array<[string, string]> => scanProperties(text).entries.map((e) => [e.key, e.value]);

describe('properties scanner: line continuations as java.util.Properties reads them', () => {
  it('a continuation that joined nothing, followed by an empty line, is a blank line (no entry)', () => {
    assert.deepEqual(read('\\\n\nk='), [['k', '']]);
    assert.deepEqual(read('\\\r\n\r\nk=v'), [['k', 'v']]);
    assert.deepEqual(read('  \\\n\\\n\nk='), [['k', '']]);
  });

  it('a continuation that joined nothing carries on into the next non-empty line', () => {
    assert.deepEqual(read('\\\nx=1'), [['x', '1']]);
    assert.deepEqual(read('  \\\n   x=1'), [['x', '1']]);
  });

  it('a continuation after some text ends at the empty line with that text', () => {
    assert.deepEqual(read('a\\\n\nb=1'), [['a', ''], ['b', '1']]);
    assert.deepEqual(read('a=1\\\n\nk='), [['a', '1'], ['k', '']]);
  });

  it('a continuation into the end of the text is an entry, empty key and value when nothing was joined', () => {
    assert.deepEqual(read('\\'), [['', '']]);
    assert.deepEqual(read('a=1\\'), [['a', '1']]);
  });
});
