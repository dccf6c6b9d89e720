// Review item 7 as an ordering property (fast-check `fc.scheduler`): an upload the tenant holds (the save reported
// "not answered yet"), the client's request timeout passing, the tenant applying the held request, and the user's
// next save — in every order the scheduler picks, on the REAL core and client against the local tenant. Invariant
// (I2): when a save reports success, the tenant holds its text afterwards too, once every request has settled — an
// earlier upload never lands after it (no rollback), and it is never reported as refused while it is still open.
import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { faultSeed } from '../faults/scenarios';
import { ORIGINAL_XML, utf8, withField, worldForSuite } from './harness';

const SEED = faultSeed();
const RUNS = Number(process.env.LATE_UPLOAD_RUNS ?? 25);
/** The client's request timeout in this property (the held upload outlives it). */
const REQUEST_TIMEOUT_MS = 200;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function waitUntil(predicate: () => boolean, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!predicate() && Date.now() < deadline) await sleep(2);
}

describe(`saves: an unanswered upload in any order with the timeout, its late apply and the next save (fc.scheduler, seed ${SEED}, ${RUNS} runs)`, function () {
  this.timeout(120_000);
  const world = worldForSuite({ client: { timeoutMs: REQUEST_TIMEOUT_MS } });

  it('a save that reports success stays saved: the held first upload never rolls it back', async () => {
    const orders = new Set<string>();
    await fc.assert(
      fc.asyncProperty(fc.scheduler(), async (s) => {
        await world().withHarness({ answerWithinMs: 50 }, async (h) => {
          assert.ok((await h.editor.openDocument()).ok);
          const first = withField(ORIGINAL_XML, 'first');
          const second = withField(ORIGINAL_XML, 'second');
          h.tenant.faults.inject({ kind: 'hold' }, { match: { method: 'PUT', pathIncludes: `/connectors/${h.scriptName}/` } });
          h.editor.edit(first);
          assert.equal((await h.editor.save()).kind, 'failed', 'not answered within the save\'s wait');
          h.editor.edit(second);
          const order: string[] = [];
          const saves: string[] = [];
          const steps: Record<string, () => Promise<void>> = {
            'the tenant applies the held upload': async () => {
              h.tenant.faults.release();
              await sleep(20);
            },
            'the client\'s request timeout passes': async () => {
              await sleep(REQUEST_TIMEOUT_MS + 100);
            },
            'the user saves again': async () => {
              saves.push((await h.editor.save()).kind);
            },
          };
          // The scheduler picks the order; each event completes before the next one starts.
          let running: Promise<void> = Promise.resolve();
          for (const [name, step] of Object.entries(steps)) {
            void s.schedule(Promise.resolve(name)).then(() => {
              order.push(name);
              running = step();
            });
          }
          while (s.count() > 0) {
            await s.waitOne();
            await running;
          }
          orders.add(order.join(' → '));
          assert.ok(!h.reports.some((r) => r.startsWith('late refused')), `reported as refused: ${h.reports.join(' | ')}`);
          // Everything settles; the user saves until the editor is clean.
          h.tenant.faults.release();
          await waitUntil(() => h.heldWrites() === 0, 2000);
          if (!saves.includes('saved')) saves.push((await h.editor.save()).kind);
          assert.equal(saves[saves.length - 1], 'saved', `the save after everything settled succeeds (${saves.join(', ')})`);
          await sleep(REQUEST_TIMEOUT_MS + 50); // anything still open lands now
          h.tenant.faults.release();
          await sleep(20);
          assert.equal(utf8(h.held()), second, `I2: the saved text stays on the tenant (order: ${order.join(' → ')})`);
        });
      }),
      { numRuns: RUNS, seed: SEED, endOnFailure: false },
    );
    // Not vacuous: the scheduler ran several orders (all 6 with the default seed).
    assert.ok(orders.size >= 3, `orders run: ${[...orders].join('; ')}`);
    console.log(`      late upload (fc.scheduler, seed ${SEED}): ${RUNS} runs, ${orders.size} of 6 orders of the three events`);
  });
});
