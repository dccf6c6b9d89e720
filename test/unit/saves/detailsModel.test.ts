// The model-based test of connector.json saves (fast-check `fc.commands` + `fc.asyncModelRun`): random sequences of
// the user's edits of patchable fields, a colleague's changes of the same or other fields (also between our PATCH
// and the GET after it), saves (Compare / Overwrite answers), reloads and reverts, on the REAL core and the REAL
// IscClient against the local tenant (whose GET derives sourceConfig and provisioningPolicies from the XML files).
// The oracle is, per field, what the editor last loaded or saved. Checked after every save:
//  I1 per field: a PATCH of a field replaced the editor's base value of it, or a value the user chose Overwrite for;
//     a field the user did not change is never sent (a colleague's value of it stays);
//  I2 a save that reported success left every field the user changed at the user's value, every other at the tenant's;
//  liveness: a save whose changed fields nobody else changed succeeds without a question (derived fields included);
//  a save over a colleague's change of one of those fields asks Compare / Overwrite at once.
import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import type { ConflictVerdict } from '../../../src/fs/documentDeps';
import { faultSeed } from '../faults/scenarios';
import { ORIGINAL_XML, withField, worldForSuite, type Harness } from './harness';

const SEED = faultSeed();
const RUNS = Number(process.env.DETAILS_RUNS ?? 500);

const FIELDS = ['connectorMetadata', 'correlationConfigXml', 'sourceConfigXml'] as const;
type Field = (typeof FIELDS)[number];
type Values = Record<Field, string>;

interface Model {
  /** Per field, the JSON of the value the editor last loaded or saved. */
  base: Values;
  counter: number;
}

const figures = { sequences: 0, commands: 0, saved: 0, conflicts: 0, overwrites: 0, preserved: 0, raced: 0 };

const correlation = (name: string) => `<?xml version="1.0" encoding="UTF-8"?>\n<CorrelationConfig name="${name}"/>\n`;

function valueFor(field: Field, tag: string): unknown {
  switch (field) {
    case 'connectorMetadata':
      return { shortDesc: tag };
    case 'correlationConfigXml':
      return correlation(tag);
    case 'sourceConfigXml':
      return withField(ORIGINAL_XML, tag);
  }
}

function tenantValues(h: Harness): Values {
  const stored = h.tenant.store.get(h.scriptName);
  assert.ok(stored);
  const d = h.tenant.store.toDetail(stored) as unknown as Record<string, unknown>;
  return Object.fromEntries(FIELDS.map((f) => [f, JSON.stringify(d[f])])) as Values;
}

function editorValues(h: Harness): Values {
  const d = JSON.parse(h.editor.text as string) as Record<string, unknown>;
  return Object.fromEntries(FIELDS.map((f) => [f, JSON.stringify(d[f])])) as Values;
}

function setOnTenant(h: Harness, field: Field, value: unknown): void {
  const stored = h.tenant.store.get(h.scriptName);
  assert.ok(stored);
  if (field === 'connectorMetadata') stored.connectorMetadata = value as Record<string, string>;
  else h.tenant.store.setFile(h.scriptName, field === 'sourceConfigXml' ? 'source-config' : 'correlation-config', Buffer.from(value as string, 'utf8'));
}

abstract class Cmd implements fc.AsyncCommand<Model, Harness, false> {
  /** `name`: how the command shows in a failing sequence and in the per-command figures. */
  constructor(readonly name: string) {}
  check(): boolean {
    return true;
  }
  async run(m: Model, h: Harness): Promise<void> {
    figures.commands++;
    await this.exec(m, h);
  }
  protected abstract exec(m: Model, h: Harness): Promise<void>;
  toString(): string {
    return this.name;
  }
}

/** A field gets a new value: the user's, edited in the editor (`mine`), or a colleague's, on the tenant (`theirs`). */
class FieldChange extends Cmd {
  constructor(
    private readonly by: 'mine' | 'theirs',
    private readonly field: Field,
  ) {
    super(by === 'mine' ? `edit(${field})` : `colleague(${field})`);
  }
  protected async exec(m: Model, h: Harness): Promise<void> {
    const value = valueFor(this.field, `${this.by}${++m.counter}`);
    if (this.by === 'theirs') {
      setOnTenant(h, this.field, value);
      return;
    }
    const json = JSON.parse(h.editor.text as string) as Record<string, unknown>;
    json[this.field] = value;
    h.editor.edit(`${JSON.stringify(json, undefined, 2)}\n`);
  }
}

class Save extends Cmd {
  /** `during`: a colleague changes this field while our PATCH is held at the tenant (before the GET after it). */
  constructor(
    private readonly answer: ConflictVerdict,
    private readonly during?: Field,
  ) {
    super(`save(${answer}${during ? `, colleague changes ${during} during the PATCH` : ''})`);
  }
  protected async exec(m: Model, h: Harness): Promise<void> {
    const before = tenantValues(h);
    const mine = editorValues(h);
    const userChanged = FIELDS.filter((f) => mine[f] !== m.base[f]);
    const contested = userChanged.filter((f) => before[f] !== m.base[f] && before[f] !== mine[f]);
    const questions = h.questions.length;
    const from = h.tenant.requests.length;
    h.conflictAnswers.push(this.answer, this.answer, this.answer);
    let raced: Field | undefined;
    if (this.during) h.tenant.faults.inject({ kind: 'hold' }, { match: { method: 'PATCH' } });
    const saving = h.editor.save();
    if (this.during) {
      let settled = false;
      void saving.finally(() => {
        settled = true;
      });
      const deadline = Date.now() + 3000;
      while (h.heldWrites() === 0 && !settled && Date.now() < deadline) await new Promise((r) => setTimeout(r, 1));
      if (h.heldWrites() > 0) {
        raced = this.during;
        setOnTenant(h, raced, valueFor(raced, `race${++m.counter}`));
        figures.raced++;
      }
      h.tenant.faults.clear();
      h.tenant.faults.release();
    }
    const r = await saving;
    h.conflictAnswers.length = 0;
    const asked = h.questions.slice(questions);
    const overwrite = asked.some((q) => q.answer === 'overwrite');
    figures.conflicts += asked.length;
    if (overwrite) figures.overwrites++;
    // I1 per field: what each PATCH replaced.
    for (const req of h.recorded(from).filter((q) => q.method === 'PATCH')) {
      const ops = JSON.parse(req.body.toString('utf8')) as Array<{ path: string; value: unknown }>;
      for (const op of ops) {
        const f = op.path.slice(1) as Field;
        assert.ok(userChanged.includes(f), `I1: ${f} was sent although the user did not change it (${this.name})`);
        assert.ok(before[f] === m.base[f] || overwrite, `I1: the colleague's ${f} was replaced without Overwrite`);
      }
    }
    if (contested.length > 0 && !overwrite) {
      assert.ok(asked.length > 0, `a save over a colleague's change of ${contested.join(', ')} asks at once (${r.kind})`);
      assert.notEqual(r.kind, 'saved');
    }
    if (contested.length === 0 && userChanged.length > 0) {
      assert.equal(r.kind, 'saved', `liveness: nobody else changed ${userChanged.join(', ')} (${r.kind === 'failed' ? r.message : r.kind})`);
      assert.equal(asked.length, 0, 'liveness: no question');
    }
    if (r.kind === 'saved') {
      figures.saved++;
      const after = tenantValues(h);
      for (const f of FIELDS) {
        if (userChanged.includes(f)) assert.equal(after[f], mine[f], `I2: ${f} is not the saved value`);
        else if (f === raced) assert.notEqual(after[f], before[f], 'the raced change is on the tenant');
        else {
          assert.equal(after[f], before[f], `I1: ${f}, which the user did not change, was changed by the save`);
          if (before[f] !== m.base[f]) figures.preserved++;
        }
      }
      m.base = mine;
    } else if (r.kind === 'failed') {
      assert.equal(h.editor.dirty, true, 'I3');
    }
  }
}

class Reload extends Cmd {
  constructor(private readonly how: 'deliver' | 'revert') {
    super(how === 'deliver' ? 'deliver change events' : 'revert');
  }
  protected async exec(m: Model, h: Harness): Promise<void> {
    const r = this.how === 'deliver' ? await h.editor.deliverChangeEvents() : await h.editor.revert();
    if (r?.ok) m.base = editorValues(h);
  }
}

class OtherRead extends Cmd {
  constructor() {
    super('other-read (Compare with Saved)');
  }
  protected async exec(_m: Model, h: Harness): Promise<void> {
    await h.core.read(h.resource);
  }
}

const field = fc.constantFrom<Field>(...FIELDS);
const commandArbs = [
  field.map((f) => new FieldChange('mine', f)),
  field.map((f) => new FieldChange('mine', f)),
  field.map((f) => new FieldChange('theirs', f)),
  fc.tuple(fc.constantFrom<ConflictVerdict>('declined', 'overwrite'), fc.option(field, { nil: undefined, freq: 3 })).map(([a, d]) => new Save(a, d)),
  fc.tuple(fc.constantFrom<ConflictVerdict>('declined', 'overwrite'), fc.option(field, { nil: undefined, freq: 3 })).map(([a, d]) => new Save(a, d)),
  fc.constantFrom<'deliver' | 'revert'>('deliver', 'revert').map((how) => new Reload(how)),
  fc.constant(new OtherRead()),
];

describe(`saves: connector.json model-based test (seed ${SEED}, ${RUNS} sequences; replay with FAULT_SEED=${SEED})`, function () {
  this.timeout(300_000);
  const world = worldForSuite();

  it('per field: no colleague change is reverted without Overwrite, saved fields stay saved, derived fields never refuse an edit', async () => {
    const started = Date.now();
    await fc.assert(
      fc.asyncProperty(fc.commands(commandArbs, { size: 'medium', maxCommands: 30 }), async (cmds) => {
        figures.sequences++;
        await world().withHarness({ file: { kind: 'details' } }, async (h) => {
          h.tenant.store.setFile(h.scriptName, 'correlation-config', Buffer.from(correlation('initial'), 'utf8'));
          assert.ok((await h.editor.openDocument()).ok);
          const model: Model = { base: editorValues(h), counter: 0 };
          await fc.asyncModelRun(() => ({ model, real: h }), cmds);
        });
      }),
      { numRuns: RUNS, seed: SEED, endOnFailure: false },
    );
    assert.ok(figures.saved > 0 && figures.conflicts > 0 && figures.preserved > 0 && figures.raced > 0, JSON.stringify(figures));
    console.log(`      connector.json model (seed ${SEED}): ${figures.sequences} sequences, ${figures.commands} commands in ${((Date.now() - started) / 1000).toFixed(1)} s; ${JSON.stringify(figures)}`);
  });
});
