// Smoke: the extension shows up in the workbench the way its manifest says: its activity-bar view container
// opens and shows its view, its commands are in the command palette. A screenshot goes to media/screenshots/.
import * as assert from 'assert';
import { readFileSync } from 'fs';
import * as path from 'path';
import { projectRoot } from '../../vscode/codeServer.cjs';
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
  title: 'the ISC view container opens from the activity bar and the ISC commands are in the palette',
  async run(workbench, ctx) {
    const contributes = manifest().contributes ?? {};
    const container = contributes.viewsContainers?.activitybar?.find((c) => c.id === 'iscStudio');
    const hidden = new Set((contributes.menus?.commandPalette ?? []).filter((m) => m.when === 'false').map((m) => m.command));
    const paletteTitles = (contributes.commands ?? []).filter((c) => !hidden.has(c.command))
      .map((c) => (c.category ? `${resolveNls(c.category)}: ${resolveNls(c.title)}` : resolveNls(c.title)));
    let checked = 0;

    if (container) {
      const title = resolveNls(container.title);
      await workbench.openViewContainer(title);
      const views = contributes.views?.[container.id] ?? [];
      for (const view of views) {
        const name = resolveNls(view.name);
        const sideBarText = (await workbench.sideBar().innerText()).toUpperCase();
        assert.ok(sideBarText.includes(name.toUpperCase()), `side bar shows the view "${name}": ${sideBarText.slice(0, 300)}`);
      }
      ctx.log(`view container "${title}" open with ${views.length} view(s)`);
      checked++;
    }

    if (paletteTitles.length > 0) {
      const category = paletteTitles[0].split(':')[0];
      const entries = await workbench.commandPaletteEntries(`${category}:`);
      const shown = paletteTitles.filter((t) => entries.some((e) => e.startsWith(t)));
      assert.ok(shown.length > 0, `palette lists ${category} commands; got ${JSON.stringify(entries)}`);
      ctx.log(`palette lists ${shown.length} "${category}:" command(s), e.g. "${shown[0]}"`);
      checked++;
    }

    assert.ok(checked > 0, 'package.json contributes neither the iscStudio view container nor a palette command');
    await ctx.screenshotForDocs('isc-view');
  },
};
