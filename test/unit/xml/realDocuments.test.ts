// No false problems on real connector documents: every XML document the project holds (its own fixtures in the shape
// of SailPoint's bundles, the API specification's examples, the local tenant's fixtures and the connectors it
// generates) and, where the machine has them, the shared reference files (/work/shared/isc-api: verbatim SailPoint
// connector bundle files and spec examples) validate without a single problem — except the form 1.0 source configs,
// which the tenant rejects and which get exactly that error.
import * as assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { DEFAULT_CONNECTOR_SPECS, connectorInit, generateConnectors } from '../../mock-tenant/seed';
import { validateConnectorDocument } from '../../../src/server/validation';

const ROOT = join(__dirname, '../../..');
const SHARED = '/work/shared/isc-api';

/** Documents written to be broken or to be partial (grammar samples): not real documents. */
const NOT_DOCUMENTS = new Set(['test/mock-tenant/fixtures/xml/malformed.xml', 'test/unit/grammar/connector-xml.test.xml']);

function xmlFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (name === 'node_modules') return [];
    if (statSync(path).isDirectory()) return xmlFiles(path);
    return name.endsWith('.xml') ? [path] : [];
  });
}

/** Problems that are right: a form 1.0 source config is rejected by the tenant. */
function expected(text: string): string[] {
  return /<Form\b[^>]*sailpoint_form_1_0\.xsd/.test(text) ? ['form-version'] : [];
}

function check(name: string, text: string, fileName: string): string | undefined {
  const problems = validateConnectorDocument(text, fileName);
  const got = problems.map((p) => p.code);
  return JSON.stringify(got) === JSON.stringify(expected(text)) ? undefined : `${name}: ${problems.map((p) => `${p.code}@${p.line}:${p.column} ${p.message}`).join(' | ')}`;
}

describe('real connector documents: no false problems', () => {
  it('the project\'s XML fixtures', () => {
    const files = xmlFiles(join(ROOT, 'test')).filter((f) => !NOT_DOCUMENTS.has(relative(ROOT, f)));
    assert.ok(files.length >= 15, `${files.length} files`);
    const failures = files.map((f) => check(relative(ROOT, f), readFileSync(f, 'utf8'), f)).filter((x) => x !== undefined);
    console.log(`      ${files.length} fixture documents`);
    assert.deepEqual(failures, []);
  });

  it('the connectors the local tenant seeds and generates', () => {
    const inits = [...DEFAULT_CONNECTOR_SPECS.map(connectorInit), ...generateConnectors(200, 7)];
    const failures: string[] = [];
    let documents = 0;
    for (const init of inits) {
      for (const [file, content] of Object.entries(init.files ?? {})) {
        const text = typeof content === 'string' ? content : typeof content === 'function' ? content().toString('utf8') : Buffer.from(content).toString('utf8');
        documents++;
        const failure = check(`${init.name}/${file}`, text, `${file}.xml`);
        if (failure) failures.push(failure);
      }
    }
    console.log(`      ${documents} generated documents`);
    assert.ok(documents >= 600);
    assert.deepEqual(failures, []);
  });

  const shared = xmlFiles(SHARED);
  if (shared.length > 0) {
    // Only on machines that hold the shared reference files (they may not be redistributed with the project).
    it(`the shared reference documents in ${SHARED} (${shared.length})`, () => {
      const failures = shared.map((f) => check(relative(SHARED, f), readFileSync(f, 'utf8'), f)).filter((x) => x !== undefined);
      assert.deepEqual(failures, []);
    });
  }
});
