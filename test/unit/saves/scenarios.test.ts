// Fixed save scenarios on the real core, the real client and the local tenant, through the simulated editor: the
// issue's findings about saves as regression cases, and the request counts of open and save.
import * as assert from 'node:assert/strict';
import { Harness, ORIGINAL_XML, utf8, withField } from './harness';
import type { SaveResult } from './simulatedEditor';

describe('saves: fixed scenarios (real core, real client, local tenant)', function () {
  this.timeout(20_000);
  let h: Harness;
  afterEach(async () => {
    await h?.close();
  });

  it('opening a file is exactly one GET (stat and readFile share it); a save is exactly two requests (check, PUT: UPDATED is the tenant\'s word)', async () => {
    h = await Harness.start();
    const from = h.tenant.requests.length;
    assert.ok((await h.editor.openDocument()).ok);
    assert.equal(h.requests('GET', from), 1, 'one GET of the file on open');
    assert.equal(h.editor.text, ORIGINAL_XML);
    h.editor.edit(withField(ORIGINAL_XML, 'a'));
    const beforeSave = h.tenant.requests.length;
    const saved = await h.editor.save();
    assert.equal(saved.kind, 'saved');
    assert.deepEqual(h.recorded(beforeSave).map((r) => r.method), ['GET', 'PUT'], 'the conflict check and the upload');
    assert.equal(h.tenant.requests.length - beforeSave, 2, 'nothing else (the token was fetched on open)');
    assert.equal(utf8(h.held()), withField(ORIGINAL_XML, 'a'));
    assert.equal(h.editor.dirty, false);
    // VS Code's reload after the change event finds the etag it has: no further GET.
    const afterSave = h.tenant.requests.length;
    await h.editor.deliverChangeEvents();
    assert.equal(h.tenant.requests.length, afterSave);
  });

  it('finding 1: another read of the open file (Compare with Saved) never disarms the check, before or after a refused save', async () => {
    h = await Harness.start();
    await h.editor.openDocument();
    h.editor.edit(withField(ORIGINAL_XML, 'mine'));
    const theirs = ORIGINAL_XML.replace('name="host"', 'name="HOST"'); // same size: VS Code's own check cannot see it
    h.colleague(theirs);
    await h.core.read(h.resource); // Compare Active File with Saved reads the saved file
    await h.core.stat(h.resource);
    let saved = await h.editor.save();
    assert.equal(saved.kind, 'failed');
    assert.equal(h.questions.length, 1, 'the first Ctrl+S asks Compare / Overwrite');
    assert.equal(utf8(h.held()), theirs, 'the colleague\'s change is kept');
    await h.core.read(h.resource); // another read after the refused save
    saved = await h.editor.save();
    assert.equal(saved.kind, 'failed', 'still refused');
    assert.equal(h.questions.length, 2);
    assert.equal(utf8(h.held()), theirs);
    h.conflictAnswers.push('overwrite');
    saved = await h.editor.save();
    assert.equal(saved.kind, 'saved');
    assert.equal(utf8(h.held()), withField(ORIGINAL_XML, 'mine'));
    assert.equal(h.editor.dirty, false);
  });

  it('finding 10: the first save over a colleague\'s change of another size asks Compare / Overwrite at once', async () => {
    h = await Harness.start();
    await h.editor.openDocument();
    h.editor.edit(withField(ORIGINAL_XML, 'mine'));
    h.colleague(withField(ORIGINAL_XML, 'theirs-longer'));
    await h.core.read(h.resource); // the provider has seen it (VS Code's own check would see a newer mtime and size)
    const saved = await h.editor.save();
    assert.equal(saved.kind, 'failed');
    assert.deepEqual(h.questions.map((q) => q.kind), ['conflict']);
  });

  it('finding 3: an upload the tenant answers late is never sent twice, and a later save waits for it', async () => {
    h = await Harness.start({ answerWithinMs: 200 });
    const second = await saveOverAHeldUpload(h, async () => {
      assert.equal(h.heldWrites(), 1);
    });
    assert.equal(utf8(h.held()), second);
    assert.equal(h.heldWrites(), 0);
    assert.equal(h.questions.length, 0, 'the late upload was ours: no conflict');
  });

  it('finding 3 with the product\'s own wait (Node timers): the save gives up waiting, the later save waits for the first upload\'s answer', async () => {
    h = await Harness.start({ answerWithinMs: 200, productWait: true });
    const second = await saveOverAHeldUpload(h, async () => {
      assert.equal(h.heldWrites(), 1);
    });
    assert.equal(utf8(h.held()), second);
    assert.equal(h.questions.length, 0, 'the late upload was ours: no conflict');
  });

  it('review 7: an upload the tenant holds past the save\'s wait and the client\'s request timeout is not abandoned: no later save can be rolled back by it', async () => {
    h = await Harness.start({ answerWithinMs: 100, client: { timeoutMs: 300 } });
    const second = await saveOverAHeldUpload(h, async () => {
      // Well past the client's request timeout (300 ms): the upload is still open, the file still locked.
      await new Promise((r) => setTimeout(r, 700));
      assert.equal(h.heldWrites(), 1, 'the tenant still holds the first upload');
      assert.ok(!h.reports.some((r) => r.startsWith('late refused')), `not reported as refused while it is open: ${h.reports.join(' | ')}`);
    });
    assert.equal(h.questions.length, 0, 'the first upload was ours: no conflict');
    await new Promise((r) => setTimeout(r, 100));
    assert.equal(utf8(h.held()), second, 'the later save stays saved: nothing of the first save lands after it');
    assert.equal(h.requests('PUT'), 2);
  });

  it('finding 6: bytes that are not UTF-8 are refused before upload', async () => {
    h = await Harness.start();
    await h.editor.openDocument();
    h.editor.encoding = 'windows1252';
    h.editor.edit(ORIGINAL_XML.replace('name="Saves"', 'name="Café"'));
    const saved = await h.editor.save();
    assert.equal(saved.kind, 'failed');
    assert.match((saved as { message: string }).message, /not valid UTF-8/);
    assert.equal(h.requests('PUT'), 0);
  });

  it('a write with no editor open over content nobody here has seen asks first (e.g. a file copied onto the connector)', async () => {
    h = await Harness.start();
    const blind = Buffer.from(withField(ORIGINAL_XML, 'copied'), 'utf8');
    await assert.rejects(h.core.write(h.resource, blind), /was changed on tenant/);
    assert.equal(h.questions.length, 1);
    assert.equal(h.requests('PUT'), 0);
    h.conflictAnswers.push('overwrite');
    await h.core.write(h.resource, blind);
    assert.equal(utf8(h.held()), utf8(blind));
  });

  it('malformed XML is never uploaded', async () => {
    h = await Harness.start();
    await h.editor.openDocument();
    h.editor.edit(ORIGINAL_XML.replace('</BaseConfig>', '</BaseConfg>'));
    const saved = await h.editor.save();
    assert.equal(saved.kind, 'failed');
    assert.match((saved as { message: string }).message, /not well-formed/);
    assert.equal(h.requests('PUT'), 0);
  });

  it('an upload whose connection broke before the tenant applied it is sent once more; after it applied it, not', async () => {
    h = await Harness.start();
    await h.editor.openDocument();
    h.tenant.faults.inject({ kind: 'reset-before-response' }, { match: { method: 'PUT' } });
    h.editor.edit(withField(ORIGINAL_XML, 'a'));
    assert.equal((await h.editor.save()).kind, 'saved');
    assert.equal(h.requests('PUT'), 2, 'read first (our bytes were not there), then sent once more');
    assert.equal(utf8(h.held()), withField(ORIGINAL_XML, 'a'));
    h.tenant.faults.inject({ kind: 'reset-after-apply' }, { match: { method: 'PUT' } });
    h.editor.edit(withField(ORIGINAL_XML, 'b'));
    assert.equal((await h.editor.save()).kind, 'saved');
    assert.equal(h.requests('PUT'), 3, 'read first: our bytes were there, nothing sent again');
    assert.equal(utf8(h.held()), withField(ORIGINAL_XML, 'b'));
  });

  for (const status of ['UNCHANGED', undefined] as const) {
    it(`review 2: a PUT answered ${status ?? 'without a status'} while the tenant keeps its old content is a failed save (dirty, in the tenant's words)`, async () => {
      h = await Harness.start();
      await h.editor.openDocument();
      h.tenant.faults.inject({ kind: 'update-status', status, message: 'source-config.xml is unchanged' }, { match: { method: 'PUT' } });
      h.editor.edit(withField(ORIGINAL_XML, 'mine'));
      const saved = await h.editor.save();
      assert.equal(utf8(h.held()), ORIGINAL_XML, 'the tenant kept its content');
      assert.equal(saved.kind, 'failed', 'a save whose text is not on the tenant never reports success');
      assert.match((saved as { message: string }).message, new RegExp(`${status ?? 'OK'}.*not stored|not stored.*${status ?? 'OK'}`));
      assert.equal(h.editor.dirty, true);
      assert.equal(h.editor.text, withField(ORIGINAL_XML, 'mine'));
      // The next save (no fault) stores it, without a question: the tenant still holds the editor's base.
      const again = await h.editor.save();
      assert.equal(again.kind, 'saved', again.kind === 'failed' ? again.message : '');
      assert.equal(h.questions.length, 0);
      assert.equal(utf8(h.held()), withField(ORIGINAL_XML, 'mine'));
    });
  }

  it('review 5: typing during a slow save (back to the text the editor loaded) never moves the base off the uploaded bytes', async () => {
    h = await Harness.start();
    // While the upload runs the user types, then undoes back to the text the editor had loaded: the extension host
    // is told "not dirty" and "saved" with that text, which is the tenant's previous content.
    const typing = () => {
      h.editor.edit(withField(ORIGINAL_XML, 'typing'));
      h.editor.edit(ORIGINAL_XML);
    };
    await saveWhileTyping(h, typing, ORIGINAL_XML);
  });

  it('review 6: more than 32 keystrokes while a save waits never make it a stranger\'s upload (no false conflict after)', async () => {
    h = await Harness.start();
    const typing = () => {
      for (let i = 0; i < 40; i++) h.editor.edit(withField(ORIGINAL_XML, `typing-${i}`));
    };
    await saveWhileTyping(h, typing, withField(ORIGINAL_XML, 'typing-39'));
  });

  it('review 9: changing the language mode of a dirty editor (VS Code closes and reopens its document) keeps the base', async () => {
    h = await Harness.start();
    await h.editor.openDocument();
    h.editor.edit(withField(ORIGINAL_XML, 'mine'));
    h.editor.changeLanguageMode();
    const saved = await h.editor.save();
    assert.equal(saved.kind, 'saved', saved.kind === 'failed' ? saved.message : '');
    assert.equal(h.questions.length, 0, 'no false conflict');
    assert.equal(utf8(h.held()), withField(ORIGINAL_XML, 'mine'));
    // A colleague's change is still caught after a language mode change.
    h.editor.edit(withField(ORIGINAL_XML, 'mine-2'));
    h.colleague(withField(ORIGINAL_XML, 'theirs'));
    h.editor.changeLanguageMode();
    const refused = await h.editor.save();
    assert.notEqual(refused.kind, 'saved');
    assert.equal(utf8(h.held()), withField(ORIGINAL_XML, 'theirs'));
  });

  it('review 9: connector.json keeps its field-by-field base across a language mode change', async () => {
    h = await Harness.start({ file: { kind: 'details' } });
    await h.editor.openDocument();
    const json = JSON.parse(h.editor.text as string) as Record<string, unknown>;
    json.connectorMetadata = { shortDesc: 'mine' };
    h.editor.edit(`${JSON.stringify(json, undefined, 2)}\n`);
    h.tenant.store.setFile(h.scriptName, 'correlation-config', Buffer.from('<CorrelationConfig name="theirs"/>\n', 'utf8'));
    h.editor.changeLanguageMode();
    const saved = await h.editor.save();
    assert.equal(saved.kind, 'saved', saved.kind === 'failed' ? saved.message : '');
    assert.equal(h.questions.length, 0);
    assert.equal(h.tenant.store.getFile(h.scriptName, 'correlation-config').toString('utf8'), '<CorrelationConfig name="theirs"/>\n', 'the colleague\'s change of another field is kept');
  });

  it('a PUT answered UPDATED is the tenant\'s word; when the tenant in fact holds its own form of the upload, the next save asks before overwriting it', async () => {
    h = await Harness.start();
    await h.editor.openDocument();
    // The tenant stores its own form of the upload (here: one more line).
    const store = h.tenant.store;
    const setFile = store.setFile.bind(store);
    store.setFile = (scriptName, kind, content) => setFile(scriptName, kind, Buffer.concat([Buffer.from(content), Buffer.from('<!-- tenant -->\n')]));
    const mine = withField(ORIGINAL_XML, 'mine');
    h.editor.edit(mine);
    const saved = await h.editor.save();
    store.setFile = setFile;
    assert.equal(saved.kind, 'saved', 'UPDATED: two requests, no read-back');
    assert.equal(utf8(h.held()), `${mine}<!-- tenant -->\n`);
    // The next save finds the tenant's form, not what the editor saved: it asks, it does not overwrite silently.
    h.editor.edit(withField(ORIGINAL_XML, 'again'));
    const again = await h.editor.save();
    assert.equal(again.kind, 'failed');
    assert.deepEqual(h.questions.map((q) => q.kind), ['conflict'], 'the next save shows Compare / Overwrite');
    assert.equal(utf8(h.held()), `${mine}<!-- tenant -->\n`, 'the tenant\'s form is kept until the user chooses');
  });

  it('an upload the tenant never answers is given up after giveUpAfterMs: later saves wait, then the file is in doubt, not blocked, and the next save reads the tenant first and saves', async () => {
    h = await Harness.start({ answerWithinMs: 100, giveUpAfterMs: 600 });
    try {
      await h.editor.openDocument();
      h.tenant.faults.inject({ kind: 'hold' }, { match: { method: 'PUT' } });
      h.editor.edit(withField(ORIGINAL_XML, 'first'));
      const first = await h.editor.save();
      assert.equal(first.kind, 'failed', 'not answered in time');
      h.editor.edit(withField(ORIGINAL_XML, 'again'));
      const waiting = await h.editor.save();
      assert.equal(waiting.kind, 'failed', 'the file is locked while the first upload is open');
      assert.match((waiting as { message: string }).message, /still waiting/);
      let saved: SaveResult = waiting;
      for (const until = Date.now() + 5000; Date.now() < until && saved.kind !== 'saved';) {
        await new Promise((r) => setTimeout(r, 100));
        saved = await h.editor.save();
      }
      assert.equal(saved.kind, 'saved', saved.kind === 'failed' ? saved.message : '');
      assert.equal(utf8(h.held()), withField(ORIGINAL_XML, 'again'));
      assert.ok(h.reports.some((r) => r.startsWith('late unknown') && /given up/.test(r)), `the given-up upload is reported as unknown: ${h.reports.join(' | ')}`);
      assert.equal(h.questions.length, 0);
    } finally {
      h.tenant.faults.release();
    }
  });

  describe('connector.json', () => {
    /** The document's text with `edit` applied to the parsed detail. */
    function edited(text: string, edit: (json: Record<string, unknown>) => void): string {
      const json = JSON.parse(text) as Record<string, unknown>;
      edit(json);
      return `${JSON.stringify(json, undefined, 2)}\n`;
    }

    it('a PATCH the tenant applied is never reported as a plain failure when the GET after it fails; the next save finishes with nothing to send', async () => {
      const harness = await Harness.start({ file: { kind: 'details' }, client: { maxRetries: 1, retryBaseDelayMs: 1 } });
      h = harness;
      await h.editor.openDocument();
      // The tenant applies the PATCH; the GET that follows meets a 429 (Retry-After 0) until the client gives up.
      h.tenant.faults.inject(
        {
          kind: 'echo',
          apply: true,
          render: (ctx) => {
            harness.tenant.faults.inject({ status: 429, headers: { 'Retry-After': '0' } }, { match: { method: 'GET' }, times: 2 });
            return { status: ctx.reply?.status ?? 200, headers: { 'Content-Type': 'application/json' }, body: ctx.reply?.body ?? '' };
          },
        },
        { match: { method: 'PATCH' } },
      );
      const mine = edited(h.editor.text as string, (j) => {
        j.connectorMetadata = { shortDesc: 'patched' };
      });
      h.editor.edit(mine);
      const saved = await h.editor.save();
      assert.equal(h.tenant.store.get(h.scriptName)?.connectorMetadata.shortDesc, 'patched', 'the tenant applied the PATCH');
      assert.equal(saved.kind, 'failed', 'its new content is unknown: the editor stays dirty');
      assert.match((saved as { message: string }).message, /applied your change .*connectorMetadata.*could not be read/);
      assert.equal(h.editor.text, mine);
      const patchesBefore = h.requests('PATCH');
      const again = await h.editor.save();
      assert.equal(again.kind, 'saved', again.kind === 'failed' ? again.message : '');
      assert.equal(h.requests('PATCH'), patchesBefore, 'nothing left to send');
      assert.equal(h.questions.length, 0, 'no conflict question: the change on the tenant is the user\'s own');
      assert.equal(h.editor.dirty, false);
    });

    it('an unanswered PATCH is found applied on the values, whatever order the tenant writes connectorMetadata\'s keys in', async () => {
      h = await Harness.start({ file: { kind: 'details' } });
      await h.editor.openDocument();
      // The tenant writes connectorMetadata's keys in its own order (here: reversed) in every GET.
      h.tenant.faults.inject(
        {
          kind: 'echo',
          apply: true,
          render: (ctx) => {
            const detail = JSON.parse((ctx.reply?.body ?? Buffer.alloc(0)).toString('utf8')) as { connectorMetadata?: Record<string, unknown> };
            if (detail.connectorMetadata) detail.connectorMetadata = Object.fromEntries(Object.entries(detail.connectorMetadata).reverse());
            return { status: ctx.reply?.status ?? 200, headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(detail) };
          },
        },
        { match: { method: 'GET' }, times: Infinity },
      );
      // The tenant applies the PATCH and drops the connection before answering: the outcome is unknown.
      h.tenant.faults.inject({ kind: 'reset-after-apply' }, { match: { method: 'PATCH' } });
      h.editor.edit(edited(h.editor.text as string, (j) => {
        j.connectorMetadata = { shortDesc: 'patched', platform: 'ccg', supportedUI: 'EXTJS' };
      }));
      const saved = await h.editor.save();
      assert.equal(saved.kind, 'saved', saved.kind === 'failed' ? saved.message : '');
      assert.equal(h.questions.length, 0, 'no conflict question: the tenant holds exactly the user\'s change');
      assert.equal(h.requests('PATCH'), 1, 'sent once');
      assert.deepEqual(h.tenant.store.get(h.scriptName)?.connectorMetadata, { shortDesc: 'patched', platform: 'ccg', supportedUI: 'EXTJS' });
      assert.equal(h.editor.dirty, false);
    });

    it('an unanswered PATCH is found applied on the values as JSON carries them (a -0 typed in the file is sent and stored as 0)', async () => {
      h = await Harness.start({ file: { kind: 'details' } });
      await h.editor.openDocument();
      h.tenant.faults.inject({ kind: 'reset-after-apply' }, { match: { method: 'PATCH' } });
      const mine = edited(h.editor.text as string, (j) => {
        j.connectorMetadata = { shortDesc: 'negative zero', offset: 424242 };
      }).replace('424242', '-0');
      h.editor.edit(mine);
      const saved = await h.editor.save();
      assert.equal(saved.kind, 'saved', saved.kind === 'failed' ? saved.message : '');
      assert.equal(h.questions.length, 0, 'no conflict question: the tenant holds exactly the user\'s change');
      assert.equal(h.requests('PATCH'), 1, 'sent once');
      assert.deepEqual(h.tenant.store.get(h.scriptName)?.connectorMetadata, { shortDesc: 'negative zero', offset: 0 });
    });

    it('finding 2: malformed XML in an XML field of connector.json is never patched', async () => {
      h = await Harness.start({ file: { kind: 'details' } });
      await h.editor.openDocument();
      h.editor.edit(edited(h.editor.text as string, (j) => {
        j.sourceConfigXml = '<Form><Unclosed></Form>';
      }));
      const saved = await h.editor.save();
      assert.equal(saved.kind, 'failed');
      assert.match((saved as { message: string }).message, /sourceConfigXml.*not well-formed/);
      assert.equal(h.requests('PATCH'), 0);
      assert.equal(utf8(h.tenant.store.getFile(h.scriptName, 'source-config')), ORIGINAL_XML);
    });

    it('finding 9: after a PATCH the new content is what a GET returns, never the PATCH reply (no false conflict after)', async () => {
      h = await Harness.start({ file: { kind: 'details' } });
      await h.editor.openDocument();
      h.tenant.faults.inject({ kind: 'reply-body', body: { name: 'Saves Test' } }, { match: { method: 'PATCH' } });
      h.editor.edit(edited(h.editor.text as string, (j) => {
        j.connectorMetadata = { shortDesc: 'first' };
      }));
      assert.equal((await h.editor.save()).kind, 'saved');
      assert.equal(h.tenant.store.get(h.scriptName)?.connectorMetadata.shortDesc, 'first');
      h.editor.edit(edited(h.editor.text as string, (j) => {
        j.connectorMetadata = { shortDesc: 'second' };
      }));
      const second = await h.editor.save();
      assert.equal(second.kind, 'saved', second.kind === 'failed' ? second.message : '');
      assert.equal(h.questions.length, 0, 'no conflict: the tenant holds what the first save made');
      assert.equal(h.tenant.store.get(h.scriptName)?.connectorMetadata.shortDesc, 'second');
    });

    it('review 1: a colleague\'s concurrent change of another field, seen by the GET after our PATCH, is never reverted by the next save', async () => {
      h = await Harness.start({ file: { kind: 'details' } });
      const correlation = (name: string) => Buffer.from(`<?xml version="1.0" encoding="UTF-8"?>\n<CorrelationConfig name="${name}"/>\n`, 'utf8');
      h.tenant.store.setFile(h.scriptName, 'correlation-config', correlation('before'));
      await h.editor.openDocument();
      // The colleague's change lands between our PATCH and the GET that follows it.
      h.tenant.faults.inject({ kind: 'hold' }, { match: { method: 'PATCH' } });
      h.editor.edit(edited(h.editor.text as string, (j) => {
        j.connectorMetadata = { shortDesc: 'first' };
      }));
      const saving = h.editor.save();
      await waitUntil(() => h.heldWrites() === 1);
      h.tenant.store.setFile(h.scriptName, 'correlation-config', correlation('colleague'));
      h.tenant.faults.release();
      assert.equal((await saving).kind, 'saved');
      // The user edits connectorMetadata again (the editor still shows the old correlationConfigXml) and saves.
      h.conflictAnswers.push('declined');
      h.editor.edit(edited(h.editor.text as string, (j) => {
        j.connectorMetadata = { shortDesc: 'second' };
      }));
      const second = await h.editor.save();
      assert.equal(h.tenant.store.getFile(h.scriptName, 'correlation-config').toString('utf8'), correlation('colleague').toString('utf8'), 'the colleague\'s correlationConfigXml is kept');
      assert.equal(second.kind, 'saved', second.kind === 'failed' ? second.message : '');
      assert.equal(h.tenant.store.get(h.scriptName)?.connectorMetadata.shortDesc, 'second');
      const patches = h.recorded().filter((r) => r.method === 'PATCH').map((r) => JSON.parse(r.body.toString('utf8')) as Array<{ path: string }>);
      assert.deepEqual(patches.map((ops) => ops.map((o) => o.path)), [['/connectorMetadata'], ['/connectorMetadata']], 'only the field the user changed is patched');
    });

    it('review 1: a colleague\'s change of the same field asks Compare / Overwrite; declined keeps it', async () => {
      h = await Harness.start({ file: { kind: 'details' } });
      await h.editor.openDocument();
      h.editor.edit(edited(h.editor.text as string, (j) => {
        j.sourceConfigXml = withField(ORIGINAL_XML, 'mine');
      }));
      h.colleague(withField(ORIGINAL_XML, 'theirs'));
      const saved = await h.editor.save();
      assert.equal(saved.kind, 'failed');
      assert.deepEqual(h.questions.map((q) => q.kind), ['conflict']);
      assert.equal(utf8(h.held()), withField(ORIGINAL_XML, 'theirs'));
      h.conflictAnswers.push('overwrite');
      assert.equal((await h.editor.save()).kind, 'saved');
      assert.equal(utf8(h.held()), withField(ORIGINAL_XML, 'mine'));
    });

    it('review 8: derived fields the tenant recomputes (sourceConfig, provisioningPolicies) never make a later edit refused', async () => {
      h = await Harness.start({ file: { kind: 'details' } });
      await h.editor.openDocument();
      h.editor.edit(edited(h.editor.text as string, (j) => {
        j.sourceConfigXml = withField(ORIGINAL_XML, 'one');
      }));
      assert.equal((await h.editor.save()).kind, 'saved');
      await h.editor.deliverChangeEvents(); // VS Code: the etag it holds is current, so no reload
      assert.notEqual(JSON.parse(h.editor.text as string).sourceConfig, withField(ORIGINAL_XML, 'one'), 'the editor still shows the old derived field');
      h.editor.edit(edited(h.editor.text as string, (j) => {
        j.connectorMetadata = { shortDesc: 'after' };
      }));
      const second = await h.editor.save();
      assert.equal(second.kind, 'saved', second.kind === 'failed' ? second.message : '');
      assert.equal(h.questions.length, 0);
      assert.equal(h.tenant.store.get(h.scriptName)?.connectorMetadata.shortDesc, 'after');
      assert.equal(utf8(h.held()), withField(ORIGINAL_XML, 'one'));
    });

    it('a connector.json save is the check, the PATCH and the GET that learns the new content', async () => {
      h = await Harness.start({ file: { kind: 'details' } });
      await h.editor.openDocument();
      const from = h.tenant.requests.length;
      h.editor.edit(edited(h.editor.text as string, (j) => {
        j.sourceConfigXml = withField(ORIGINAL_XML, 'patched');
      }));
      assert.equal((await h.editor.save()).kind, 'saved');
      assert.deepEqual(h.recorded(from).map((r) => r.method), ['GET', 'PATCH', 'GET']);
      assert.equal(utf8(h.tenant.store.getFile(h.scriptName, 'source-config')), withField(ORIGINAL_XML, 'patched'));
    });
  });

  it('a 500 leaves the tenant unchanged and the editor dirty, in the tenant\'s words', async () => {
    h = await Harness.start();
    await h.editor.openDocument();
    h.tenant.faults.inject({ status: 500, body: { detailCode: '500.0 Internal Fault', trackingId: 'abc123', messages: [{ text: 'the database is gone' }] } }, { match: { method: 'PUT' } });
    h.editor.edit(withField(ORIGINAL_XML, 'a'));
    const saved = await h.editor.save();
    assert.equal(saved.kind, 'failed');
    assert.match((saved as { message: string }).message, /the database is gone.*abc123/);
    assert.equal(h.editor.dirty, true);
    assert.equal(utf8(h.held()), ORIGINAL_XML);
    assert.equal(h.requests('PUT'), 1, 'not sent again');
  });
});

/**
 * The tenant holds the upload of a first edit, so its save fails (not answered within the save's wait); `meanwhile`
 * runs; the save of a second edit waits for that upload instead of overtaking it (one PUT so far); the tenant then
 * applies the first upload, and the next save stores the second edit. Returns the second text.
 */
async function saveOverAHeldUpload(h: Harness, meanwhile: () => Promise<void>): Promise<string> {
  await h.editor.openDocument();
  const first = withField(ORIGINAL_XML, 'first');
  const second = withField(ORIGINAL_XML, 'second');
  h.tenant.faults.inject({ kind: 'hold' }, { match: { method: 'PUT' } });
  h.editor.edit(first);
  assert.equal((await h.editor.save()).kind, 'failed', 'not answered within the save\'s wait');
  await meanwhile();
  h.editor.edit(second);
  assert.equal((await h.editor.save()).kind, 'failed', 'a later save waits for the first upload\'s answer instead of overtaking it');
  assert.equal(h.requests('PUT'), 1, 'the first upload was sent once and the second not at all');
  // The tenant applies the first upload now; then the user saves again.
  h.tenant.faults.release();
  await waitUntil(() => h.reports.some((r) => r.startsWith('late stored')));
  assert.equal(utf8(h.held()), first);
  const saved = await h.editor.save();
  assert.equal(saved.kind, 'saved', saved.kind === 'failed' ? saved.message : '');
  return second;
}

/**
 * Review items 5 and 6: the user saves an edit while `typing` edits the editor during the upload. The save stores the
 * edit and the editor stays dirty (its text is not what was saved); saving the text as it is now (`now`) is based on
 * the tenant's content (what this editor saved): it is stored without a question.
 */
async function saveWhileTyping(h: Harness, typing: () => void, now: string): Promise<void> {
  await h.editor.openDocument();
  const saved = withField(ORIGINAL_XML, 'saved');
  h.editor.edit(saved);
  h.editor.duringWrite = typing;
  assert.equal((await h.editor.save()).kind, 'saved');
  assert.equal(utf8(h.held()), saved);
  assert.equal(h.editor.dirty, true, 'VS Code keeps the document dirty: its text is not what was saved');
  const again = await h.editor.save();
  assert.equal(again.kind, 'saved', again.kind === 'failed' ? again.message : '');
  assert.equal(h.questions.length, 0, 'no false conflict');
  assert.equal(utf8(h.held()), now);
}

async function waitUntil(predicate: () => boolean, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!predicate()) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 5));
  }
}


