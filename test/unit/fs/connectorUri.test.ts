import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import {
  decodeScriptName,
  encodeScriptName,
  parseConnectorUri,
  toConnectorFileUri,
  toConnectorUri,
  type ConnectorResource,
} from '../../../src/fs/connectorUri';
import type { ConnectorFile } from '../../../src/connectors/fileKinds';
import { CONNECTOR_LOCALES } from '../../../src/isc/types';

/** What a URI looks like after a trip through its string form (as VS Code stores and passes URIs). */
function throughString(parts: { scheme: string; authority: string; path: string; query: string }) {
  // The path of a URI string carries percent-encoded characters; decoding them gives back the path.
  const encodedPath = parts.path.split('/').map(encodeURIComponent).join('/');
  const text = `${parts.scheme}://${parts.authority}${encodedPath}${parts.query ? `?${parts.query}` : ''}`;
  const url = new URL(text);
  return {
    scheme: url.protocol.replace(/:$/, ''),
    authority: url.host,
    path: url.pathname.split('/').map(decodeURIComponent).join('/'),
    query: url.search.replace(/^\?/, ''),
  };
}

const allFiles: ConnectorFile[] = [
  { kind: 'sourceConfig' },
  { kind: 'correlationConfig' },
  { kind: 'sourceTemplate' },
  { kind: 'details' },
  ...CONNECTOR_LOCALES.map((locale): ConnectorFile => ({ kind: 'translations', locale })),
];

describe('connector URI codec', () => {
  it('builds the documented layout', () => {
    const uri = toConnectorFileUri('acme', 'active-directory', { kind: 'sourceConfig' });
    assert.equal(toConnectorFileUri('acme', 'ad', { kind: 'correlationConfig' }).path, '/ad/correlation-config.xml');
    assert.equal(toConnectorFileUri('acme', 'ad', { kind: 'sourceTemplate' }).path, '/ad/source-template.xml');
    assert.deepEqual(uri, { scheme: 'isc-connector', authority: 'acme', path: '/active-directory/source-config.xml', query: '', fragment: '' });
    assert.equal(toConnectorFileUri('acme', 'ad', { kind: 'translations', locale: 'zh-TW' }).path, '/ad/translations/zh-TW.properties');
    assert.equal(toConnectorFileUri('acme', 'ad', { kind: 'details' }).path, '/ad/connector.json');
  });

  it('lower-cases the tenant id', () => {
    assert.equal(toConnectorUri({ type: 'connector', tenantId: 'ACME-Prod', scriptName: 'x' }).authority, 'acme-prod');
  });

  it('round-trips every file kind, the directories and the snapshot form', () => {
    const resources: ConnectorResource[] = [
      { type: 'tenant', tenantId: 'acme' },
      { type: 'connector', tenantId: 'acme', scriptName: 'servicenow' },
      { type: 'translationsFolder', tenantId: 'acme', scriptName: 'servicenow' },
      ...allFiles.flatMap((file) => [false, true].map((snapshot): ConnectorResource => ({ type: 'file', tenantId: 'acme', scriptName: 'servicenow', file, snapshot }))),
    ];
    for (const r of resources) {
      assert.deepEqual(parseConnectorUri(toConnectorUri(r)), r);
      assert.deepEqual(parseConnectorUri(throughString(toConnectorUri(r))), r);
    }
  });

  it('keeps hostile scriptNames in one segment', () => {
    for (const name of ['a/b', '..', '.', '...', '%', '%2F', 'a?b#c', 'with space', 'ünï©ødé 日本', 'a\\b', '../../etc/passwd']) {
      const uri = toConnectorFileUri('t', name, { kind: 'sourceConfig' });
      assert.equal(uri.path.split('/').length, 3, `${name} → ${uri.path}`);
      const parsed = parseConnectorUri(uri);
      assert.ok(parsed && parsed.type === 'file');
      assert.equal(parsed.scriptName, name);
    }
  });

  it('rejects anything that is not a connector URI', () => {
    // Paths in a tenant that name no connector file or folder.
    const noSuchFile = ['/x/other.xml', '/x/source-config.xml/', '/x//source-config.xml', '/x/translations/xx.properties', '/x/translations/de.txt', '/x/translations/de.properties/more'];
    // Paths not in canonical form: an escape of a character that needs none, lower-case hex, unescaped dots, a broken escape.
    const notCanonical = ['/a%41/source-config.xml', '/%2e%2e/source-config.xml', '/../source-config.xml', '/a%/source-config.xml'];
    const bad = [
      { scheme: 'file', authority: 'acme', path: '/x/source-config.xml' },
      { scheme: 'isc-connector', authority: 'ACME', path: '/x/source-config.xml' },
      { scheme: 'isc-connector', authority: '', path: '/x/source-config.xml' },
      { scheme: 'isc-connector', authority: 'acme', path: '/x/source-config.xml', query: 'other=1' },
      { scheme: 'isc-connector', authority: 'acme', path: '/x', query: 'snapshot=remote' },
      ...[...noSuchFile, ...notCanonical].map((path) => ({ scheme: 'isc-connector', authority: 'acme', path })),
    ];
    for (const uri of bad) assert.equal(parseConnectorUri(uri), undefined, JSON.stringify(uri));
  });

  it('refuses to build a URI with an empty scriptName or an invalid tenant id', () => {
    assert.throws(() => toConnectorUri({ type: 'connector', tenantId: 'acme', scriptName: '' }));
    assert.throws(() => toConnectorUri({ type: 'connector', tenantId: 'a/b', scriptName: 'x' }));
  });

  it('round-trips arbitrary scriptNames (property)', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', minLength: 1, maxLength: 40 }), fc.constantFrom(...allFiles), fc.boolean(), (scriptName, file, snapshot) => {
        const uri = toConnectorFileUri('tenant-1', scriptName, file, snapshot);
        const direct = parseConnectorUri(uri);
        const viaString = parseConnectorUri(throughString(uri));
        const expected: ConnectorResource = { type: 'file', tenantId: 'tenant-1', scriptName, file, snapshot };
        assert.deepEqual(direct, expected);
        assert.deepEqual(viaString, expected);
        assert.equal(decodeScriptName(encodeScriptName(scriptName)), scriptName);
        assert.ok(!encodeScriptName(scriptName).includes('/'));
      }),
      { numRuns: 500 },
    );
  });

  it('round-trips strings made of the characters that need escaping (property)', () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom('%', '/', '\\', '.', '2', 'F', 'a', '?', '#', ' '), minLength: 1, maxLength: 12 }), (scriptName) => {
        const parsed = parseConnectorUri(throughString(toConnectorUri({ type: 'connector', tenantId: 't', scriptName })));
        assert.deepEqual(parsed, { type: 'connector', tenantId: 't', scriptName });
      }),
      { numRuns: 1000 },
    );
  });
});
