// Smoke: the extension shows up in the workbench the way its manifest says: its activity-bar view container
// opens and shows its view, and each of its commands is in the command palette unless its manifest hides it.
// A screenshot goes to media/screenshots/.
import * as assert from 'assert';
import { readFileSync } from 'fs';
import * as path from 'path';
import { projectRoot } from '../../vscode/codeServer.cjs';
import { ViewIds } from '../../../src/constants';
import type { UiSpec } from '../spec';

interface Manifest {
  displayName: string;
  contributes?: {
    viewsContainers?: { activitybar?: { id: string; title: string }[] };
    views?: Record<string, { id: string; name: string }[]>;
    commands?: { command: string; title: string; category?: string }[];
    menus?: { commandPalette?: { command: string; when?: string }[] };
  };
}

function manifest(): Manifest {
  return JSON.parse(readFileSync(path.join(projectRoot, 'package.json'), 'utf8')) as Manifest;
}

function resolveNls(text: string): string {
  const m = /^%(.+)%$/.exec(text);
  if (!m) return text;
  const nls = JSON.parse(readFileSync(path.join(projectRoot, 'package.nls.json'), 'utf8')) as Record<string, string>;
  return nls[m[1]] ?? text;
}

export const spec: UiSpec = {
  title: 'the ISC view container opens from the activity bar and each ISC command is in the palette (or hidden as its manifest says)',
  async run(workbench, ctx) {
    const contributes = manifest().contributes ?? {};
    const container = contributes.viewsContainers?.activitybar?.find((c) => c.id === ViewIds.container);
    assert.ok(container, `package.json contributes the ${ViewIds.container} view container`);
    const title = resolveNls(container.title);
    await workbench.openViewContainer(title);
    const views = contributes.views?.[container.id] ?? [];
    assert.ok(views.length > 0, 'the view container has views');
    for (const view of views) {
      const name = resolveNls(view.name);
      const sideBarText = (await workbench.sideBar().innerText()).toUpperCase();
      assert.ok(sideBarText.includes(name.toUpperCase()), `side bar shows the view "${name}": ${sideBarText.slice(0, 300)}`);
    }
    ctx.log(`view container "${title}" open with ${views.length} view(s)`);

    // Every contributed command, one palette query each: shown, unless its commandPalette entry has a `when`
    // clause — "false" (tree-only commands) or one this empty window does not meet (no connector document open).
    const conditions = new Map((contributes.menus?.commandPalette ?? []).map((m) => [m.command, m.when]));
    const commands = contributes.commands ?? [];
    assert.ok(commands.length > 0, 'package.json contributes commands');
    const shown: string[] = [];
    const hidden: string[] = [];
    for (const c of commands) {
      const paletteTitle = c.category ? `${resolveNls(c.category)}: ${resolveNls(c.title)}` : resolveNls(c.title);
      const entries = await workbench.commandPaletteEntries(paletteTitle);
      const listed = entries.some((e) => e === paletteTitle || e.startsWith(`${paletteTitle} `) || e.startsWith(`${paletteTitle}\n`));
      const when = conditions.get(c.command);
      if (when === undefined) {
        assert.ok(listed, `the palette lists "${paletteTitle}" (${c.command}); it showed ${JSON.stringify(entries)}`);
        shown.push(paletteTitle);
      } else {
        assert.ok(!listed, `the palette hides "${paletteTitle}" (${c.command}, when: ${when}); it showed ${JSON.stringify(entries)}`);
        hidden.push(paletteTitle);
      }
    }
    ctx.log(`palette lists each of ${shown.length} command(s) and hides ${hidden.length} as their when clauses say (${hidden.join(', ')})`);
    await ctx.screenshotForDocs('isc-view');
  },
};
