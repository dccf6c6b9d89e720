import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import {
  connectorFiles,
  fileName,
  parseFileName,
  XML_FILE_KINDS,
  xmlFileKindOfContent,
  type ConnectorFile,
} from '../../../src/connectors/fileKinds';
import { CONNECTOR_LOCALES, PATCHABLE_CONNECTOR_FIELDS } from '../../../src/isc/types';

const fixture = (name: string): string => readFileSync(path.join(__dirname, '..', 'server', 'fixtures', name), 'utf8');

describe('file-kind table', () => {
  it('names every file of a connector as the tenant and the exported folders do, and reads each name back', () => {
    const files = connectorFiles(CONNECTOR_LOCALES);
    assert.deepEqual(files.slice(0, 3).map(fileName), ['source-config.xml', 'correlation-config.xml', 'source-template.xml']);
    assert.equal(fileName({ kind: 'translations', locale: 'zh-TW' }), 'translations/zh-TW.properties');
    assert.equal(fileName({ kind: 'details' }), 'connector.json');
    for (const file of files) assert.deepEqual(parseFileName(fileName(file).split('/')), file);
    const notFiles: string[][] = [['source-config'], ['translations', 'xx.properties'], ['translations', 'de.xml'], ['connector.JSON'], ['a', 'b', 'c'], []];
    for (const segments of notFiles) assert.equal(parseFileName(segments), undefined, segments.join('/'));
  });

  it('maps each XML kind to its API segment, its patchable ConnectorDetail field and its upload part', () => {
    assert.deepEqual(
      XML_FILE_KINDS.map((k) => [k.kind, k.apiSegment, k.detailField, k.partFilename]),
      [
        ['sourceConfig', 'source-config', 'sourceConfigXml', 'source-config.xml'],
        ['correlationConfig', 'correlation-config', 'correlationConfigXml', 'correlation-config.xml'],
        ['sourceTemplate', 'source-template', 'applicationXml', 'source-template.xml'],
      ],
    );
    for (const k of XML_FILE_KINDS) assert.ok((PATCHABLE_CONNECTOR_FIELDS as readonly string[]).includes(k.detailField), k.detailField);
  });

  it('tells the kind of a local XML file from its root element', () => {
    const byContent: Array<[string, ConnectorFile['kind']]> = [
      ['source-config.xml', 'sourceConfig'],
      ['correlation-config.xml', 'correlationConfig'],
      ['source-template.xml', 'sourceTemplate'],
    ];
    for (const [name, kind] of byContent) assert.equal(xmlFileKindOfContent(fixture(name)), kind, name);
    assert.equal(xmlFileKindOfContent('<?xml version="1.0"?><Other/>'), undefined);
    // The root decides, not the first known element anywhere (an Application holds Forms).
    assert.equal(xmlFileKindOfContent('\uFEFF<?xml version="1.0"?>\n<!DOCTYPE Application PUBLIC "sailpoint.dtd" "sailpoint.dtd">\n<!-- <Form> -->\n<Application><Form/></Application>'), 'sourceTemplate');
  });
});
