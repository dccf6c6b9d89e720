// Runs INSIDE the real VS Code's extension host (bundled by test/bench/vscodeBench.ts, loaded by the harness's
// mocha runner). Measures what a user waits for and writes the samples as JSON to ISC_BENCH_RESULTS_FILE:
// activation, expanding a 10,000-connector tenant to its first page of rows, opening source-config.xml to its
// text in the editor, and the extension host's memory after listing all 10,000.
// The tenant runs outside this process (the bench's tenant host); ISC_BENCH_CONTROL_URL switches its latency.
import * as fs from 'fs';
import { Session } from 'inspector';
import { createRequire } from 'module';
import * as path from 'path';
import { performance } from 'perf_hooks';
import * as v8 from 'v8';
import * as vm from 'vm';
import * as vscode from 'vscode';
import { CommandIds } from '../../../src/constants';
import type { IscStudioTestApi } from '../../../src/extension';
import type { TreeNode } from '../../../src/tree/nodes/treeNode';

const EXTENSION_ID = 'isc-connector-studio.isc-connector-studio';

export interface MemorySample {
  rss: number;
  heapUsed: number;
}

/** What the suite writes (every field optional: what could not be measured is absent, with a note). */
export interface ExtHostFigures {
  activationMs?: number;
  /** Full launch only (under the CPU profiler): loading dist/extension.js, then activate() with the module loaded. */
  requireMs?: number;
  activateCallMs?: number;
  /** True when VS Code had activated the extension before the suite could time it. */
  alreadyActive?: boolean;
  firstPage?: Record<string, number[]>;
  /** getChildren(tenant) called directly (no workbench round trip), loopback. */
  firstPageProvider?: number[];
  openBig?: number[];
  /** Per big open: when openTextDocument and showTextDocument resolved (ms after the start) and the tenant's requests. */
  /** The warm-up open of the big file, timed under the CPU profiler. */
  openProfiledMs?: number;
  openBigDetail?: Array<{ openDocumentMs: number; shownMs: number; textMs: number; requests: string[] }>;
  openTypical?: number[];
  /** The floor: the same bytes opened from a local file (file://, same file name, so the same language). */
  openBigLocal?: number[];
  openTypicalLocal?: number[];
  bigBytes?: number;
  typicalBytes?: number[];
  loadAllMs?: number;
  listed?: number;
  memoryBefore?: MemorySample;
  memoryAfter?: MemorySample;
  /** Seconds each phase of the suite took (to keep the bench's running time in view). */
  phases?: Record<string, number>;
  notes: string[];
}

const env = process.env;

function required(name: string): string {
  const v = env[name];
  if (!v) throw new Error(`${name} is not set`);
  return v;
}

async function control(path: string): Promise<void> {
  const res = await fetch(`${required('ISC_BENCH_CONTROL_URL')}${path}`, { method: 'POST' });
  if (!res.ok) throw new Error(`bench control ${path}: ${res.status}`);
}

/** The tenant's requests since the last call, as `METHOD path status`. */
async function requests(): Promise<string[]> {
  const res = await fetch(`${required('ISC_BENCH_CONTROL_URL')}/requests`, { method: 'POST' });
  if (!res.ok) throw new Error(`bench control /requests: ${res.status}`);
  return (await res.json()) as string[];
}

async function waitFor<T>(fn: () => T | undefined | Promise<T | undefined>, timeoutMs: number, what: string): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (v !== undefined) return v;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

function post(session: Session, method: string, params?: object): Promise<unknown> {
  return new Promise((resolve, reject) => session.post(method, params ?? {}, (err, result) => (err ? reject(err) : resolve(result))));
}

async function startProfiler(): Promise<Session> {
  const session = new Session();
  session.connect();
  await post(session, 'Profiler.enable');
  await post(session, 'Profiler.setSamplingInterval', { interval: 200 });
  await post(session, 'Profiler.start');
  return session;
}

async function stopProfiler(session: Session, file: string): Promise<void> {
  const { profile } = (await post(session, 'Profiler.stop')) as { profile: unknown };
  fs.writeFileSync(file, JSON.stringify(profile));
  session.disconnect();
}

let collectGarbage: (() => void) | undefined;
/** Memory after a full garbage collection (so garbage waiting to be collected is not counted). */
function memory(): MemorySample {
  if (!collectGarbage) {
    v8.setFlagsFromString('--expose-gc');
    collectGarbage = vm.runInNewContext('gc') as () => void;
  }
  collectGarbage();
  const m = process.memoryUsage();
  return { rss: m.rss, heapUsed: m.heapUsed };
}

describe('bench: extension host', function () {
  this.timeout(1_200_000);

  it('measures activation, first page, open and memory', async () => {
    const figures: ExtHostFigures = { notes: [] };
    const write = (): void => fs.writeFileSync(required('ISC_BENCH_RESULTS_FILE'), JSON.stringify(figures, null, 2));
    try {
      const ext = vscode.extensions.getExtension<IscStudioTestApi>(EXTENSION_ID);
      if (!ext) throw new Error(`${EXTENSION_ID} is not installed in the test VS Code`);
      if (ext.isActive) {
        figures.alreadyActive = true;
      } else if (env.ISC_BENCH_MODE === 'activation') {
        const t0 = performance.now();
        await ext.activate();
        figures.activationMs = performance.now() - t0;
      } else {
        // Where activation spends its time: the module load and the activate() call apart, under the CPU profiler.
        const profileFile = env.ISC_BENCH_PROFILE_FILE;
        const session = profileFile ? await startProfiler() : undefined;
        const main = path.join(ext.extensionPath, String((ext.packageJSON as { main?: string }).main ?? 'dist/extension.js'));
        const t0 = performance.now();
        createRequire(main)(main);
        const t1 = performance.now();
        await ext.activate();
        const t2 = performance.now();
        figures.requireMs = t1 - t0;
        figures.activateCallMs = t2 - t1;
        if (session && profileFile) await stopProfiler(session, profileFile);
      }
      write();
      if (env.ISC_BENCH_MODE === 'activation') return;
      await measureTree(ext.exports, figures, write);
    } catch (e) {
      figures.notes.push(`stopped: ${e instanceof Error ? e.message : String(e)}`);
      throw e;
    } finally {
      write();
    }
  });
});

async function measureTree(api: IscStudioTestApi, figures: ExtHostFigures, write: () => void): Promise<void> {
  const runs = Number(env.ISC_BENCH_RUNS ?? 5);
  const warmups = Number(env.ISC_BENCH_WARMUPS ?? 1);
  if (!api?.treeProvider || !api.treeView) {
    figures.notes.push('the extension returned no tree provider from activate(): tree figures not measured');
    return;
  }
  figures.memoryBefore = memory();
  await control('/latency?ms=0');
  // Show the view, so the workbench renders it (and registers its Collapse All command).
  await vscode.commands.executeCommand('iscStudio.connectors.focus');
  await control('/reset-rate-limit');
  const tenant = (await vscode.commands.executeCommand(CommandIds.addTenant, {
    name: 'Bench 10k',
    baseUrl: required('ISC_BENCH_TENANT_URL'),
    clientId: required('ISC_BENCH_CLIENT_ID'),
    clientSecret: required('ISC_BENCH_CLIENT_SECRET'),
  })) as { id: string } | undefined;
  if (!tenant) throw new Error('iscStudio.addTenant returned no tenant');
  const tenantId = tenant.id;
  const provider = api.treeProvider;
  const tenantNode = async (): Promise<TreeNode> => {
    const roots = await provider.getChildren();
    const node = roots.find((n) => n.id === `tenant/${tenantId}`);
    if (!node) throw new Error('the tenant is not in the view');
    return node;
  };

  // Watch what the workbench asks the provider for: when the tenant's children resolve and their tree items
  // have all been built, the first page of rows is on its way to the view.
  type Watch = { resolve: (t: number) => void; minChildren: number; pendingItems?: Set<TreeNode> };
  let watch: Watch | undefined;
  const originalGetChildren = provider.getChildren.bind(provider);
  const originalGetTreeItem = provider.getTreeItem.bind(provider);
  provider.getChildren = async (node?: TreeNode): Promise<TreeNode[]> => {
    const children = await originalGetChildren(node);
    const w = watch;
    if (w && node?.id === `tenant/${tenantId}` && children.length >= w.minChildren && !w.pendingItems) {
      w.pendingItems = new Set(children);
    }
    return children;
  };
  provider.getTreeItem = (node: TreeNode): vscode.TreeItem => {
    const item = originalGetTreeItem(node);
    const w = watch;
    if (w?.pendingItems?.delete(node) && w.pendingItems.size === 0) {
      watch = undefined;
      w.resolve(performance.now());
    }
    return item;
  };
  const pageSize = vscode.workspace.getConfiguration('iscStudio').get<number>('pageSize') ?? 250;
  figures.phases = {};
  let phaseStart = performance.now();
  const phase = (name: string): void => {
    const now = performance.now();
    (figures.phases as Record<string, number>)[name] = Math.round(now - phaseStart) / 1000;
    phaseStart = now;
  };

  try {
    // ---- expand → first page of rows, as the workbench asks for it ----
    figures.firstPage = {};
    for (const [profile, latency] of [['loopback', 0], ['latency80', 80]] as const) {
      await control(`/latency?ms=${latency}`);
      const samples: number[] = [];
      for (let i = 0; i < warmups + runs; i++) {
        await control('/reset-rate-limit');
        await vscode.commands.executeCommand('workbench.actions.treeView.iscStudio.connectors.collapseAll');
        provider.refresh(tenantId);
        const node = await tenantNode();
        const arrived = new Promise<number>((resolve) => { watch = { resolve, minChildren: pageSize }; });
        const t0 = performance.now();
        await api.treeView.reveal(node, { expand: true, focus: false, select: false });
        const t1 = await Promise.race([arrived, new Promise<number>((_, reject) => setTimeout(() => reject(new Error('the view did not ask for the tenant\'s children within 20 s')), 20_000))]);
        if (i >= warmups) samples.push(t1 - t0);
      }
      figures.firstPage[profile] = samples;
      phase(`firstPage.${profile}`);
      write();
    }
    await control('/latency?ms=0');

    // The provider alone (no workbench round trip): refresh, then getChildren(tenant) + getTreeItem per row.
    watch = undefined;
    figures.firstPageProvider = [];
    for (let i = 0; i < warmups + runs; i++) {
      await control('/reset-rate-limit');
      provider.refresh(tenantId);
      const node = await tenantNode();
      const t0 = performance.now();
      const rows = await originalGetChildren(node);
      for (const r of rows) originalGetTreeItem(r);
      if (i >= warmups) figures.firstPageProvider.push(performance.now() - t0);
    }
    phase('firstPageProvider');
    write();

    // ---- open source-config.xml → its text in the editor ----
    const bigNames = required('ISC_BENCH_BIG_SCRIPT_NAMES').split(',');
    const typicalNames = required('ISC_BENCH_TYPICAL_SCRIPT_NAMES').split(',');
    figures.bigBytes = Number(required('ISC_BENCH_BIG_BYTES'));
    const connectorUri = (scriptName: string): vscode.Uri => vscode.Uri.parse(`isc-connector://${tenantId}/${scriptName}/source-config.xml`);
    const open = async (uri: vscode.Uri, expectedLength?: number): Promise<{ ms: number; length: number; openDocumentMs: number; shownMs: number; requests: string[] }> => {
      await control('/reset-rate-limit');
      await requests();
      const t0 = performance.now();
      const doc = await vscode.workspace.openTextDocument(uri);
      const openDocumentMs = performance.now() - t0;
      await vscode.window.showTextDocument(doc, { preview: false });
      const shownMs = performance.now() - t0;
      const length = await waitFor(() => {
        const editor = vscode.window.activeTextEditor;
        if (editor?.document.uri.toString() !== uri.toString()) return undefined;
        const n = editor.document.getText().length;
        return n > 0 && (expectedLength === undefined || n >= expectedLength) ? n : undefined;
      }, 30_000, `the text of ${uri.toString()} in the editor`);
      const ms = performance.now() - t0;
      const seen = await requests();
      await vscode.commands.executeCommand('workbench.action.closeAllEditors');
      return { ms, length, openDocumentMs, shownMs, requests: seen };
    };
    figures.openBig = [];
    figures.openBigDetail = [];
    for (let i = 0; i < Math.min(bigNames.length, warmups + runs); i++) {
      // The warm-up open runs under the CPU profiler: where the extension host spends an open's time.
      const profileFile = i === 0 ? env.ISC_BENCH_OPEN_PROFILE_FILE : undefined;
      const session = profileFile ? await startProfiler() : undefined;
      const r = await open(connectorUri(bigNames[i]), figures.bigBytes - 4096);
      if (session && profileFile) {
        await stopProfiler(session, profileFile);
        figures.openProfiledMs = r.ms;
      }
      if (i >= warmups) {
        figures.openBig.push(r.ms);
        figures.openBigDetail.push({ openDocumentMs: r.openDocumentMs, shownMs: r.shownMs, textMs: r.ms, requests: r.requests });
      }
    }
    phase('openBig');
    figures.openTypical = [];
    figures.typicalBytes = [];
    for (let i = 0; i < Math.min(typicalNames.length, warmups + runs); i++) {
      const r = await open(connectorUri(typicalNames[i]));
      if (i >= warmups) {
        figures.openTypical.push(r.ms);
        figures.typicalBytes.push(r.length);
      }
    }
    phase('openTypical');
    // The floor: the same content from local files.
    const localDir = required('ISC_BENCH_LOCAL_DIR');
    figures.openBigLocal = [];
    figures.openTypicalLocal = [];
    for (let i = 0; i < warmups + runs; i++) {
      const big = await open(vscode.Uri.file(path.join(localDir, `big-${i}`, 'source-config.xml')), figures.bigBytes - 4096);
      const typical = await open(vscode.Uri.file(path.join(localDir, `typical-${i}`, 'source-config.xml')));
      if (i >= warmups) {
        figures.openBigLocal.push(big.ms);
        figures.openTypicalLocal.push(typical.ms);
      }
    }
    phase('openLocal');
    write();

    // ---- list all 10,000 in the tree (Load more until done), then the host's memory ----
    await control('/reset-rate-limit');
    await vscode.commands.executeCommand('workbench.actions.treeView.iscStudio.connectors.collapseAll');
    provider.refresh(tenantId);
    const node = await tenantNode();
    const expected = Number(required('ISC_BENCH_LISTED'));
    const firstShown = new Promise<number>((resolve) => { watch = { resolve, minChildren: pageSize }; });
    const t0 = performance.now();
    await api.treeView.reveal(node, { expand: true, focus: false, select: false });
    await firstShown;
    const allShown = new Promise<number>((resolve) => { watch = { resolve, minChildren: expected }; });
    for (let page = 1; page < Math.ceil(expected / pageSize) + 2; page++) {
      await provider.loadMore(tenantId);
    }
    const shownAt = await Promise.race([allShown, new Promise<number>((_, reject) => setTimeout(() => reject(new Error(`the view did not show ${expected} rows within 60 s`)), 60_000))]);
    figures.loadAllMs = shownAt - t0;
    figures.listed = (await originalGetChildren(node)).length;
    figures.memoryAfter = memory();
    phase('loadAll');
  } finally {
    provider.getChildren = originalGetChildren;
    provider.getTreeItem = originalGetTreeItem;
    watch = undefined;
    await control('/latency?ms=0').catch(() => undefined);
  }
}
