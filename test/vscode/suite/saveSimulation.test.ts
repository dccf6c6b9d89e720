// Validates the model-based test's simulated editor against the real VS Code: the same seeded sequences of steps
// (open, edit, save answering Overwrite or Cancel, revert, another reader's readFile or stat, a colleague's change
// of the same or another size) run on two connectors of one local tenant — one through a real document of this
// VS Code and the extension's provider, the other through the simulated editor over the save core with a client of
// its own — and after every step both must agree on what a user and the tenant see: the editor's text and dirty
// state, the tenant's content, whether the user was asked Compare / Overwrite, and the GETs and PUTs of the file.
import * as assert from 'assert';
import fc from 'fast-check';
import * as vscode from 'vscode';
import type { MockTenant } from '../../mock-tenant/server';
import type { IscStudioTestApi } from '../../../src/extension';
import { faultSeed } from '../../unit/faults/scenarios';
import { ORIGINAL_XML, World, type Harness } from '../../unit/saves/harness';
import { waitFor } from '../helpers';
import { removeAddedTenant, startAndAddTenant } from '../studio';

type Step =
  | { kind: 'edit' }
  | { kind: 'save'; answer: 'Overwrite' | 'Cancel' }
  | { kind: 'revert' }
  | { kind: 'otherRead' }
  | { kind: 'otherStat' }
  | { kind: 'colleague'; sameSize: boolean };

const SEED = faultSeed();
const SEQUENCES = Number(process.env.SAVE_SIMULATION_SEQUENCES ?? 20);

const stepArb: fc.Arbitrary<Step> = fc.oneof(
  fc.constant<Step>({ kind: 'edit' }),
  fc.constant<Step>({ kind: 'edit' }),
  fc.constantFrom<'Overwrite' | 'Cancel'>('Overwrite', 'Cancel').map((answer): Step => ({ kind: 'save', answer })),
  fc.constantFrom<'Overwrite' | 'Cancel'>('Overwrite', 'Cancel').map((answer): Step => ({ kind: 'save', answer })),
  fc.constant<Step>({ kind: 'revert' }),
  fc.constant<Step>({ kind: 'otherRead' }),
  fc.constant<Step>({ kind: 'otherStat' }),
  fc.boolean().map((sameSize): Step => ({ kind: 'colleague', sameSize })),
);

/** What both sides must agree on after a step. */
interface Seen {
  text: string;
  dirty: boolean;
  tenant: string;
  asked: number;
  gets: number;
  puts: number;
}

describe(`The simulated editor behaves as the real VS Code (seed ${SEED}, ${SEQUENCES} sequences)`, function () {
  this.timeout(600_000);
  let tenant: MockTenant;
  let tenantId = '';
  let api: IscStudioTestApi;
  let world: World;
  const asked: string[] = [];
  const answers: Array<'Overwrite' | 'Cancel'> = [];
  let restore: (() => void) | undefined;

  before(async () => {
    ({ api, mock: tenant, tenantId } = await startAndAddTenant(`Simulation Suite ${process.pid}`, { seed: 'empty', rateLimit: false }));
    world = World.attach(tenant);
    const win = vscode.window as unknown as Record<string, (...args: unknown[]) => unknown>;
    const original = win.showWarningMessage;
    win.showWarningMessage = (message: unknown, ...rest: unknown[]) => {
      if (typeof message === 'string' && /was changed on tenant/.test(message) && (rest[0] as vscode.MessageOptions | undefined)?.modal) {
        asked.push(message);
        const answer = answers.shift();
        return Promise.resolve(answer === 'Overwrite' ? 'Overwrite' : undefined);
      }
      return original.call(vscode.window, message, ...rest);
    };
    restore = () => {
      win.showWarningMessage = original;
    };
  });

  after(async () => {
    restore?.();
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await world?.close();
    await removeAddedTenant({ api, mock: tenant, tenantId });
  });

  const sequences = fc.sample(fc.array(stepArb, { minLength: 5, maxLength: 10 }), { seed: SEED, numRuns: SEQUENCES });
  sequences.forEach((steps, n) => {
    it(`#${n + 1}: ${steps.map(describeStep).join(', ')}`, async () => {
      const realScript = `sim-real-${n}`;
      const simScript = `sim-model-${n}`;
      for (const scriptName of [realScript, simScript]) tenant.store.add({ name: `Simulation ${scriptName}`, scriptName, files: { 'source-config': ORIGINAL_XML } });
      const sim = world.harness({ scriptName: simScript, answerWithinMs: 5000 });
      const uri = vscode.Uri.from({ scheme: 'isc-connector', authority: tenantId, path: `/${realScript}/source-config.xml` });
      const opened = tenant.requests.length;
      const doc = await vscode.workspace.openTextDocument(uri);
      await vscode.window.showTextDocument(doc, { preview: false });
      await quiet(realScript);
      assert.ok((await sim.editor.openDocument()).ok);
      asked.length = 0;
      trail.length = 0;
      let counter = 0;
      try {
        compare('open', seenReal(doc, realScript, opened), seenSim(sim, opened));
        for (const [i, step] of steps.entries()) {
          const from = tenant.requests.length;
          const text = `${(doc.getText()).replace('  </BaseConfig>', `    <Field name="e${++counter}" type="string"/>\n  </BaseConfig>`)}`;
          await runReal(step, doc, realScript, text);
          await runSim(step, sim, text);
          compare(`step ${i + 1} (${describeStep(step)})`, seenReal(doc, realScript, from), seenSim(sim, from));
        }
      } finally {
        if (doc.isDirty) {
          await vscode.window.showTextDocument(doc, { preview: false });
          await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
        }
        await vscode.commands.executeCommand('workbench.action.closeAllEditors');
        world.retire(sim);
      }
    });
  });

  async function runReal(step: Step, doc: vscode.TextDocument, scriptName: string, edited: string): Promise<void> {
    switch (step.kind) {
      case 'edit': {
        const edit = new vscode.WorkspaceEdit();
        edit.replace(doc.uri, new vscode.Range(doc.positionAt(0), doc.positionAt(doc.getText().length)), edited);
        assert.ok(await vscode.workspace.applyEdit(edit));
        break;
      }
      case 'save':
        answers.length = 0;
        answers.push(step.answer);
        await doc.save().then(undefined, () => undefined);
        break;
      case 'revert':
        await vscode.window.showTextDocument(doc, { preview: false });
        await vscode.commands.executeCommand('workbench.action.files.revert');
        break;
      case 'otherRead':
        await vscode.workspace.fs.readFile(doc.uri);
        break;
      case 'otherStat':
        await vscode.workspace.fs.stat(doc.uri);
        break;
      case 'colleague':
        colleague(scriptName, step.sameSize);
        break;
    }
    // VS Code processes the provider's change events (a clean editor reloads) before the next step.
    await quiet(scriptName);
  }

  async function runSim(step: Step, h: Harness, edited: string): Promise<void> {
    switch (step.kind) {
      case 'edit':
        h.editor.edit(edited);
        break;
      case 'save':
        h.conflictAnswers.length = 0;
        h.conflictAnswers.push(step.answer === 'Overwrite' ? 'overwrite' : 'declined');
        await h.editor.save();
        break;
      case 'revert':
        await h.editor.revert();
        break;
      case 'otherRead':
        await h.core.read(h.resource);
        break;
      case 'otherStat':
        await h.core.stat(h.resource);
        break;
      case 'colleague':
        colleague(h.scriptName, step.sameSize);
        break;
    }
    await new Promise((r) => setTimeout(r, 10)); // the core's change events, batched
    await h.editor.deliverChangeEvents();
  }

  /** A colleague's change: the same on both connectors (by their own content). */
  function colleague(scriptName: string, sameSize: boolean): void {
    const current = tenant.store.getFile(scriptName, 'source-config').toString('utf8');
    const next = sameSize ? current.replace(/name="Saves"|name="SAVES"/, (m) => (m === 'name="Saves"' ? 'name="SAVES"' : 'name="Saves"')) : current.replace('</Form>', '<!-- colleague -->\n</Form>');
    tenant.store.setFile(scriptName, 'source-config', next);
  }

  /** Waits until the real VS Code has done what the step set off (no request of the file for 300 ms). */
  async function quiet(scriptName: string): Promise<void> {
    let count = -1;
    let stableSince = Date.now();
    await waitFor(() => {
      const now = tenant.requests.filter((r) => r.pathname.includes(`/${scriptName}/`)).length;
      if (now !== count) {
        count = now;
        stableSince = Date.now();
      }
      return Date.now() - stableSince > 300;
    }, { timeoutMs: 20_000, intervalMs: 25, message: 'VS Code to settle' });
  }

  function requestsOf(scriptName: string, from: number, method: string): number {
    return tenant.requests.slice(from).filter((r) => r.method === method && r.pathname.includes(`/${scriptName}/`)).length;
  }

  function seenReal(doc: vscode.TextDocument, scriptName: string, from = tenant.requests.length): Seen {
    return {
      text: doc.getText(),
      dirty: doc.isDirty,
      tenant: tenant.store.getFile(scriptName, 'source-config').toString('utf8'),
      asked: asked.length,
      gets: requestsOf(scriptName, from, 'GET'),
      puts: requestsOf(scriptName, from, 'PUT'),
    };
  }

  function seenSim(h: Harness, from = tenant.requests.length): Seen {
    return {
      text: h.editor.text ?? '',
      dirty: h.editor.dirty,
      tenant: h.held().toString('utf8'),
      asked: h.questions.filter((q) => q.kind === 'conflict').length,
      gets: requestsOf(h.scriptName, from, 'GET'),
      puts: requestsOf(h.scriptName, from, 'PUT'),
    };
  }

  const trail: string[] = [];
  function compare(when: string, real: Seen, simulated: Seen): void {
    trail.push(`${when}: real ${real.gets} GET ${real.puts} PUT dirty=${real.dirty} asked=${real.asked}; simulated ${simulated.gets} GET ${simulated.puts} PUT dirty=${simulated.dirty} asked=${simulated.asked}`);
    assert.deepStrictEqual(simulated, real, `after ${when}, the simulation differs from the real VS Code\n${trail.join('\n')}`);
  }
});

function describeStep(step: Step): string {
  switch (step.kind) {
    case 'save':
      return `save(${step.answer})`;
    case 'colleague':
      return step.sameSize ? 'colleague(same size)' : 'colleague(other size)';
    default:
      return step.kind;
  }
}
