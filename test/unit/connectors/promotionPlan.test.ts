// The plan, the run and the summary of Promote / Push (src/connectors/promotionPlan.ts), with fast-check: whatever
// the files, the choice and what each upload does, every chosen file is uploaded exactly once in upload order,
// nothing else is sent, a failure never stops the others, and every file ends in exactly one summary row.
import * as assert from 'node:assert/strict';
import * as fc from 'fast-check';
import { renderConnectorDetail } from '../../../src/fs/connectorDetails';
import {
  buildTransfer,
  countStatuses,
  isPartial,
  metadataInput,
  METADATA_LABEL,
  planFiles,
  renderSummary,
  runTransfers,
  type ConnectorTransfer,
  type TransferFile,
  type TransferFileInput,
  type UploadFailure,
  type UploadResult,
} from '../../../src/connectors/promotionPlan';
import { connectorFiles, fileName, type ConnectorFile } from '../../../src/connectors/fileKinds';
import { CONNECTOR_LOCALES, type ConnectorDetail } from '../../../src/isc/types';

const enc = (s: string): Uint8Array => new TextEncoder().encode(s);

const fileArb: fc.Arbitrary<ConnectorFile> = fc.constantFrom(...connectorFiles(CONNECTOR_LOCALES));
const bytesArb = fc.uint8Array({ maxLength: 8 });

/** Inputs for distinct files, each before/after possibly equal. */
const inputsArb: fc.Arbitrary<TransferFileInput[]> = fc
  .uniqueArray(fileArb, { selector: fileName, maxLength: 8 })
  .chain((files) =>
    fc.tuple(...files.map((file) => fc.tuple(bytesArb, fc.boolean(), bytesArb).map(([before, same, other]): TransferFileInput => ({ file, before, after: same ? before.slice() : other })))),
  );

describe('promotionPlan: planFiles', () => {
  it('marks a file identical exactly when its bytes are, and orders connectorMetadata, XML (table order), translations (by locale)', () => {
    fc.assert(
      fc.property(inputsArb, (inputs) => {
        const planned = planFiles(inputs);
        assert.equal(planned.length, inputs.length);
        for (const p of planned) {
          const input = inputs.find((i) => fileName(i.file) === fileName(p.file));
          assert.ok(input);
          assert.equal(p.identical, Buffer.from(input.before).equals(Buffer.from(input.after)));
          assert.equal(p.label, p.file.kind === 'details' ? METADATA_LABEL : fileName(p.file));
        }
        const rank = (f: ConnectorFile): string =>
          f.kind === 'details' ? '0' : f.kind === 'translations' ? `3 ${f.locale}` : { sourceConfig: '1a', correlationConfig: '1b', sourceTemplate: '1c' }[f.kind];
        const ranks = planned.map((p) => rank(p.file));
        assert.deepEqual(ranks, [...ranks].sort((a, b) => a.localeCompare(b)));
      }),
    );
  });

  it('connectorMetadata: the target\'s whole connector.json before, the source\'s connectorMetadata after; identical when equal as JSON', () => {
    const target: ConnectorDetail = { name: 'X', scriptName: 'x', connectorMetadata: { b: 1, a: { d: 2, c: 3 } }, sourceConfigXml: '<Form/>' };
    const same = metadataInput(target, { a: { c: 3, d: 2 }, b: 1 });
    assert.equal(new TextDecoder().decode(same.before), renderConnectorDetail(target));
    assert.ok(Buffer.from(same.before).equals(Buffer.from(same.after)));
    const changed = metadataInput(target, { b: 2 });
    const after = JSON.parse(new TextDecoder().decode(changed.after)) as ConnectorDetail;
    assert.deepEqual(after, { ...JSON.parse(renderConnectorDetail(target)), connectorMetadata: { b: 2 } });
  });
});

describe('promotionPlan: buildTransfer', () => {
  const target: ConnectorDetail = {
    name: 'Acme', type: 'custom Acme', status: 'RELEASED', scriptName: 'acme', connectorMetadata: { shortDesc: 'prod' },
    translationProperties: { de: 'a=b', fr: 'c=d', en: '  ' },
  };
  it('notes what it leaves alone: locales only on the target, files missing on the source, fields that are not patchable', () => {
    const transfer = buildTransfer(
      {
        description: 'sandbox: acme',
        files: [{ file: { kind: 'sourceConfig' }, bytes: enc('<Form/>') }, { file: { kind: 'translations', locale: 'de' }, bytes: enc('a=b') }, { file: { kind: 'translations', locale: 'ja' }, bytes: enc('k=v') }],
        connectorMetadata: { shortDesc: 'sandbox' },
        fields: { name: 'Acme', type: 'custom Acme', status: 'DEVELOPMENT', className: 'x.Y' },
        missing: ['correlation-config.xml'],
      },
      {
        tenantId: 'prod', tenantName: 'Production', scriptName: 'acme', detail: target,
        files: new Map([['source-config.xml', enc('<Form old="1"/>')], ['translations/de.properties', enc('a=b')], ['translations/ja.properties', enc('a=b')]]),
      },
    );
    assert.deepEqual(transfer.files.map((f) => [f.label, f.identical, f.note ?? '']), [
      [METADATA_LABEL, false, ''],
      ['source-config.xml', false, ''],
      ['translations/de.properties', true, ''],
      ['translations/ja.properties', false, 'new locale on the target'],
    ]);
    assert.deepEqual(transfer.notes, [
      'translations/fr.properties is only on the target: left as it is.',
      'correlation-config.xml is not on the source: left as it is on the target.',
      'className, status differ(s) from the target; not transferred (not patchable).',
    ]);
  });

  it('refuses to plan a file whose target bytes were not read', () => {
    assert.throws(() => buildTransfer({ description: 's', files: [{ file: { kind: 'sourceTemplate' }, bytes: enc('x') }] }, { tenantId: 't', tenantName: 'T', scriptName: 'a', detail: target, files: new Map() }), /source-template\.xml was not read/);
  });
});

describe('promotionPlan: runTransfers (model-based)', () => {
  type Behaviour = UploadResult | UploadFailure;
  const behaviourArb: fc.Arbitrary<Behaviour> = fc.oneof(
    fc.constantFrom<UploadResult>('UPDATED', 'UNCHANGED'),
    fc.record({ status: fc.constantFrom<'REFUSED' | 'FAILED'>('REFUSED', 'FAILED'), detail: fc.string(), trackingId: fc.stringMatching(/^[0-9a-f]{32}$/) }),
  );
  const transfersArb = fc.array(
    fc.tuple(fc.constantFrom('prod', 'test'), fc.string({ minLength: 1, maxLength: 6 }), inputsArb).map(([tenant, scriptName, inputs]): ConnectorTransfer => ({
      targetTenantId: tenant,
      targetTenantName: tenant.toUpperCase(),
      targetScriptName: scriptName,
      source: 'src',
      files: planFiles(inputs),
      notes: [],
    })),
    { maxLength: 3 },
  ).map((ts) => ts.filter((t, i) => ts.findIndex((u) => u.targetTenantId === t.targetTenantId && u.targetScriptName === t.targetScriptName) === i));

  it('uploads each chosen file once, in plan order; never an unchosen one; a failure stops nothing; one outcome per file', async () => {
    await fc.assert(
      fc.asyncProperty(transfersArb, fc.infiniteStream(fc.boolean()), fc.infiniteStream(behaviourArb), async (transfers, chooseStream, behaviourStream) => {
        const chosen = new Map<TransferFile, boolean>();
        const behaviour = new Map<TransferFile, Behaviour>();
        const choose = chooseStream[Symbol.iterator]();
        const behave = behaviourStream[Symbol.iterator]();
        for (const t of transfers) for (const f of t.files) {
          chosen.set(f, choose.next().value as boolean);
          behaviour.set(f, behave.next().value as Behaviour);
        }
        const uploaded: TransferFile[] = [];
        const outcomes = await runTransfers(transfers, (_t, f) => chosen.get(f) === true, {
          upload: async (_t, f) => {
            uploaded.push(f);
            const b = behaviour.get(f) as Behaviour;
            if (typeof b === 'string') return b;
            throw b;
          },
          classify: (e) => e as UploadFailure,
        });
        const all = transfers.flatMap((t) => t.files);
        assert.deepEqual(uploaded, all.filter((f) => chosen.get(f)));
        assert.equal(outcomes.length, all.length);
        all.forEach((f, i) => {
          const o = outcomes[i];
          assert.equal(o.label, f.label);
          const b = behaviour.get(f) as Behaviour;
          const expected = !chosen.get(f) ? (f.identical ? 'UNCHANGED' : 'NOT CHOSEN') : typeof b === 'string' ? b : b.status;
          assert.equal(o.status, expected);
          if (chosen.get(f) && typeof b !== 'string') assert.equal(o.trackingId, b.trackingId);
        });
        assert.equal(isPartial(transfers, outcomes), outcomes.some((o) => o.status === 'REFUSED' || o.status === 'FAILED'));
        const summary = renderSummary('T', new Date(0), transfers, outcomes);
        const rows = summary.split('\n').filter((l) => /^\| (?!File |---)/.test(l));
        assert.equal(rows.length, outcomes.length, 'one table row per file');
      }),
      { numRuns: 200 },
    );
  });
});

describe('promotionPlan: summary', () => {
  it('counts statuses in a fixed order and keeps table cells in their cell', () => {
    const t: ConnectorTransfer = { targetTenantId: 'p', targetTenantName: 'Prod', targetScriptName: 'a|b', source: 'sandbox: a|b', files: [], notes: ['x'] };
    const outcomes = [
      { targetTenantName: 'Prod', targetScriptName: 'a|b', label: 'source-config.xml', status: 'FAILED' as const, detail: 'The tenant rejected the upload: bad | xml\nline 2', trackingId: 'abc' },
      { targetTenantName: 'Prod', targetScriptName: 'a|b', label: 'connectorMetadata (connector.json)', status: 'UPDATED' as const },
    ];
    assert.equal(countStatuses(outcomes), '1 UPDATED, 1 FAILED');
    const md = renderSummary('Promote', new Date(0), [t], outcomes);
    assert.ok(md.includes('| source-config.xml | FAILED | The tenant rejected the upload: bad \\| xml line 2 | abc |'), md);
    assert.ok(md.includes('## Prod: a\\|b'));
    assert.ok(md.includes('- x'));
    assert.equal(isPartial([{ ...t, targetMissing: true }], []), true);
  });
});
