// Runs INSIDE the real VS Code's extension host (bundled by test/bench/vscodeBench.ts, loaded by the harness's
// mocha runner). Measures what a user waits for and writes the samples as JSON to ISC_BENCH_RESULTS_FILE:
// - every launch: activation of this extension and of an EMPTY extension (test/bench/emptyExtension) in the same
//   extension host, in an order alternating between launches, and each one's activate() call alone;
// - the full launch also: expand a 10,000-connector tenant → first rows, open source-config.xml → its text in the
//   editor (and the file's GETs on the wire), Ctrl+S → saved with UPDATED (and the requests), at loopback and at
//   80 ms RTT (network profiles switched through ISC_BENCH_CONTROL_URL), every round in a rotated order; typing →
//   diagnostics on a 300 KB document; the extension host's memory after listing all 10,000.
// The tenant and its network run outside this process (the bench's tenant host and network host).
import * as fs from 'fs';
import { Module as NodeModule } from 'module';
import * as path from 'path';
import { performance } from 'perf_hooks';
import * as v8 from 'v8';
import * as vm from 'vm';
import * as vscode from 'vscode';
import { CommandIds } from '../../../src/constants';
import { matchLayoutPath } from '../../../src/isc/apiLayout';
import type { IscStudioTestApi } from '../../../src/extension';
import type { TreeNode } from '../../../src/tree/nodes/treeNode';

const EXTENSION_ID = 'isc-connector-studio.isc-connector-studio';
import { EMPTY_EXTENSION_ID } from './ids';

export interface MemorySample {
  rss: number;
  heapUsed: number;
}

/** One open: ms until the editor holds the text, the file's GETs the tenant saw, new TCP connections on the link. */
export interface OpenSample { ms: number; gets: number; connections: number }
/** One save: ms until the save completed, the requests the tenant saw, new connections, the verdict logged. */
export interface SaveSample { ms: number; requests: number; connections: number; verdict: string }

/** What the suite writes (every field optional: what could not be measured is absent, with a note). */
export interface ExtHostFigures {
  /** ext.activate() of ours and of the empty extension; which went first. */
  activation?: { ours: number; empty: number; oursFirst: boolean };
  /** The extension module's activate() call alone (the exports wrapped when VS Code loaded the module). */
  activateCall?: { ours?: number; empty?: number };
  alreadyActive?: boolean;
  /** Per profile id: expand → first rows. */
  firstPage?: Record<string, number[]>;
  /** Per profile id and kind (`big`, `typical`): remote opens and local-file opens, round by round. */
  open?: Record<string, { remote: OpenSample[]; local: number[] }>;
  save?: Record<string, SaveSample[]>;
  typing?: number[];
  typingBytes?: number;
  bigBytes?: number;
  typicalBytes?: number[];
  listed?: number;
  memoryBefore?: MemorySample;
  memoryAfter?: MemorySample;
  /** Seconds each phase took (to keep the bench's running time in view). */
  phases?: Record<string, number>;
  notes: string[];
}

const env = process.env;

function required(name: string): string {
  const v = env[name];
  if (!v) throw new Error(`${name} is not set`);
  return v;
}

async function control(p: string): Promise<void> {
  const res = await fetch(`${required('ISC_BENCH_CONTROL_URL')}${p}`, { method: 'POST' });
  if (!res.ok) throw new Error(`bench control ${p}: ${res.status}`);
}

/** The tenant's requests since the last call, as `METHOD path status`. */
async function requests(): Promise<string[]> {
  const res = await fetch(`${required('ISC_BENCH_CONTROL_URL')}/requests`, { method: 'POST' });
  if (!res.ok) throw new Error(`bench control /requests: ${res.status}`);
  return (await res.json()) as string[];
}

/** New TCP connections on the network link since the last call. */
async function newConnections(): Promise<number> {
  const res = await fetch(`${required('ISC_BENCH_CONTROL_URL')}/net-stats`, { method: 'POST' });
  if (!res.ok) throw new Error(`bench control /net-stats: ${res.status}`);
  return ((await res.json()) as { connections: number }).connections;
}

async function waitFor<T>(fn: () => T | undefined | Promise<T | undefined>, timeoutMs: number, what: string): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (v !== undefined) return v;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 2));
  }
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

/** Round r's order of `items`, rotated by r. */
function rotated<T>(items: readonly T[], round: number): T[] {
  const k = round % items.length;
  return [...items.slice(k), ...items.slice(0, k)];
}

type Loader = { _load: (request: string, parent: unknown, isMain: boolean) => unknown; _resolveFilename: (request: string, parent: unknown, isMain: boolean) => string };

/**
 * Times each extension's activate() call itself: when VS Code loads an extension's main module, the exports it
 * gets are a copy whose activate() records its own duration (its promise included). Returns the uninstaller.
 */
function timeActivateCalls(mains: Map<string, (ms: number) => void>): () => void {
  const loader = NodeModule as unknown as Loader;
  const original = loader._load;
  loader._load = function (this: unknown, request: string, parent: unknown, isMain: boolean): unknown {
    const exported = original.call(this, request, parent, isMain);
    if (typeof request !== 'string' || !request.endsWith('.js')) return exported;
    let file: string;
    try {
      file = loader._resolveFilename(request, parent, isMain);
    } catch {
      return exported;
    }
    const sink = mains.get(file);
    const activate = (exported as { activate?: unknown } | null)?.activate;
    if (!sink || typeof activate !== 'function') return exported;
    mains.delete(file);
    const copy: Record<string, unknown> = { ...(exported as Record<string, unknown>) };
    copy.activate = function (this: unknown, ...args: unknown[]): unknown {
      const t0 = performance.now();
      const result: unknown = (activate as (...a: unknown[]) => unknown).apply(this, args);
      if (result && typeof (result as Promise<unknown>).then === 'function') {
        return (result as Promise<unknown>).then((v) => { sink(performance.now() - t0); return v; });
      }
      sink(performance.now() - t0);
      return result;
    };
    return copy;
  };
  return () => { loader._load = original; };
}

describe('bench: extension host', function () {
  this.timeout(1_800_000);

  it('measures activation, tree, open, save, typing and memory', async () => {
    const figures: ExtHostFigures = { notes: [] };
    const write = (): void => fs.writeFileSync(required('ISC_BENCH_RESULTS_FILE'), JSON.stringify(figures, null, 2));
    try {
      const ext = vscode.extensions.getExtension<IscStudioTestApi>(EXTENSION_ID);
      const empty = vscode.extensions.getExtension(EMPTY_EXTENSION_ID);
      if (!ext) throw new Error(`${EXTENSION_ID} is not installed in the test VS Code`);
      if (!empty) throw new Error(`${EMPTY_EXTENSION_ID} (test/bench/emptyExtension) is not installed in the test VS Code`);
      if (ext.isActive || empty.isActive) {
        figures.alreadyActive = true;
      } else {
        const mainOf = (e: vscode.Extension<unknown>): string => path.join(e.extensionPath, String((e.packageJSON as { main?: string }).main ?? 'extension.js'));
        figures.activateCall = {};
        const calls = figures.activateCall;
        const uninstall = timeActivateCalls(new Map([
          [mainOf(ext), (ms: number) => { calls.ours = ms; }],
          [mainOf(empty), (ms: number) => { calls.empty = ms; }],
        ]));
        try {
          const oursFirst = Number(env.ISC_BENCH_LAUNCH ?? 0) % 2 === 0;
          const times: { ours: number; empty: number } = { ours: NaN, empty: NaN };
          for (const which of oursFirst ? ['ours', 'empty'] as const : ['empty', 'ours'] as const) {
            const t0 = performance.now();
            await (which === 'ours' ? ext : empty).activate();
            times[which] = performance.now() - t0;
          }
          figures.activation = { ...times, oursFirst };
        } finally {
          uninstall();
        }
        if (calls.ours === undefined) figures.notes.push('activate() alone: VS Code did not load the extension through Node\'s module loader; not measured');
      }
      write();
      if (env.ISC_BENCH_MODE === 'activation') return;
      await measureUserFigures(ext.exports, figures, write);
    } catch (e) {
      figures.notes.push(`stopped: ${e instanceof Error ? e.message : String(e)}`);
      throw e;
    } finally {
      write();
    }
  });
});

const PROFILE_IDS = ['loopback', 'rtt80'] as const;

async function measureUserFigures(api: IscStudioTestApi, figures: ExtHostFigures, write: () => void): Promise<void> {
  const runs = Number(env.ISC_BENCH_RUNS ?? 5);
  const warmups = Number(env.ISC_BENCH_WARMUPS ?? 1);
  const rounds = warmups + runs;
  if (!api?.treeProvider || !api.treeView) {
    figures.notes.push('the extension returned no tree provider from activate(): tree figures not measured');
    return;
  }
  figures.memoryBefore = memory();
  await control('/profile?id=loopback');
  // Show the view, so the workbench renders it (and registers its Collapse All command).
  await vscode.commands.executeCommand('iscStudio.connectors.focus');
  await control('/reset-rate-limit');
  // Through the network: https with the test CA, which this code-server process trusts (NODE_EXTRA_CA_CERTS, the
  // way the extension documents extra CAs); the connection test of Add Tenant proves it.
  const tenant = (await vscode.commands.executeCommand(CommandIds.addTenant, {
    name: 'Bench 10k',
    baseUrl: required('ISC_BENCH_TENANT_URL'),
    clientId: required('ISC_BENCH_CLIENT_ID'),
    clientSecret: required('ISC_BENCH_CLIENT_SECRET'),
  })) as { id: string } | undefined;
  if (!tenant) throw new Error('iscStudio.addTenant returned no tenant');
  const tenantId = tenant.id;
  // The layout the client figures pin (the SDK's and the floor's /v2024): the VS Code figures pay no layout probe
  // either, and their requests are counted under one path shape.
  await vscode.commands.executeCommand(CommandIds.setApiLayout, { tenantId, apiLayout: 'v2024' });
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
    // The latest answer is what the view shows: when the view asks again while the rows are being built (seen:
    // twice per expand), the items of the earlier answer are dropped and never all get their tree items.
    if (w && node?.id === `tenant/${tenantId}` && children.length >= w.minChildren) w.pendingItems = new Set(children);
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
    write();
  };
  const setProfile = (id: string): Promise<void> => control(`/profile?id=${id}`);

  try {
    // ---- expand → first page of rows, as the workbench asks for it ----
    figures.firstPage = { loopback: [], rtt80: [] };
    for (let round = 0; round < rounds; round++) {
      for (const profile of rotated(PROFILE_IDS, round)) {
        await setProfile(profile);
        await control('/reset-rate-limit');
        await vscode.commands.executeCommand('workbench.actions.treeView.iscStudio.connectors.collapseAll');
        provider.refresh(tenantId);
        const node = await tenantNode();
        const arrived = new Promise<number>((resolve) => { watch = { resolve, minChildren: pageSize }; });
        const t0 = performance.now();
        await api.treeView.reveal(node, { expand: true, focus: false, select: false });
        const t1 = await Promise.race([arrived, new Promise<number>((_, reject) => setTimeout(() => reject(new Error('the view did not ask for the tenant\'s children within 20 s')), 20_000))]);
        if (round >= warmups) figures.firstPage[profile].push(t1 - t0);
      }
    }
    watch = undefined;
    phase('firstPage');

    // ---- open source-config.xml → its text in the editor; the same bytes from a local file ----
    const bigNames = required('ISC_BENCH_BIG_SCRIPT_NAMES').split(',');
    const typicalNames = required('ISC_BENCH_TYPICAL_SCRIPT_NAMES').split(',');
    const localDir = required('ISC_BENCH_LOCAL_DIR');
    figures.bigBytes = Number(required('ISC_BENCH_BIG_BYTES'));
    const connectorUri = (scriptName: string): vscode.Uri => vscode.Uri.parse(`isc-connector://${tenantId}/${scriptName}/source-config.xml`);
    const open = async (uri: vscode.Uri, expectedLength: number): Promise<{ ms: number; length: number }> => {
      const t0 = performance.now();
      const doc = await vscode.workspace.openTextDocument(uri);
      await vscode.window.showTextDocument(doc, { preview: false });
      const length = await waitFor(() => {
        const editor = vscode.window.activeTextEditor;
        if (editor?.document.uri.toString() !== uri.toString()) return undefined;
        const n = editor.document.getText().length;
        return n >= expectedLength ? n : undefined;
      }, 60_000, `the text of ${uri.toString()} in the editor`);
      const ms = performance.now() - t0;
      await vscode.commands.executeCommand('workbench.action.closeAllEditors');
      return { ms, length };
    };
    const kinds = [
      { kind: 'big', names: bigNames, expected: () => (figures.bigBytes as number) - 4096 },
      { kind: 'typical', names: typicalNames, expected: () => 1 },
    ] as const;
    figures.open = {};
    figures.typicalBytes = [];
    let used = 0; // a different connector (and local folder) for every open: each one is a first open
    for (let round = 0; round < rounds; round++) {
      const steps = PROFILE_IDS.flatMap((profile) => kinds.flatMap((k) => (['remote', 'local'] as const).map((where) => ({ profile, k, where }))));
      const slot = used++;
      for (const { profile, k, where } of rotated(steps, round)) {
        await setProfile(profile);
        const key = `${k.kind}.${profile}`;
        const bucket = (figures.open[key] ??= { remote: [], local: [] });
        const name = k.names[(slot * PROFILE_IDS.length + PROFILE_IDS.indexOf(profile)) % k.names.length];
        if (where === 'remote') {
          await control('/reset-rate-limit');
          await requests();
          await newConnections();
          const r = await open(connectorUri(name), k.expected());
          const seen = await requests();
          const connections = await newConnections();
          const gets = seen.filter((line) => {
            const [method, target] = line.split(' ');
            const route = method === 'GET' ? matchLayoutPath(target.split('?')[0]) : undefined;
            return route !== undefined && route.rest.join('/') === `${name}/source-config`;
          }).length;
          if (round >= warmups) {
            bucket.remote.push({ ms: r.ms, gets, connections });
            if (k.kind === 'typical' && profile === 'loopback') figures.typicalBytes.push(r.length);
          }
        } else {
          const r = await open(vscode.Uri.file(path.join(localDir, `${k.kind}-${slot}-${profile}`, 'source-config.xml')), k.expected());
          if (round >= warmups) bucket.local.push(r.ms);
        }
      }
      write();
    }
    phase('open');

    // ---- Ctrl+S → saved (UPDATED), on a typical connector file opened beforehand ----
    const verdicts: string[] = [];
    const logger = api.logger as unknown as { info: (component: string, message: string) => void };
    const originalInfo = logger.info.bind(logger);
    logger.info = (component: string, message: string) => {
      if (/^PUT |^Upload of /.test(message)) verdicts.push(message);
      originalInfo(component, message);
    };
    figures.save = { loopback: [], rtt80: [] };
    const saveNames = required('ISC_BENCH_SAVE_SCRIPT_NAMES').split(',');
    try {
      for (let round = 0; round < rounds; round++) {
        for (const profile of rotated(PROFILE_IDS, round)) {
          await setProfile(profile);
          const name = saveNames[(round * PROFILE_IDS.length + PROFILE_IDS.indexOf(profile)) % saveNames.length];
          const doc = await vscode.workspace.openTextDocument(connectorUri(name));
          const editor = await vscode.window.showTextDocument(doc, { preview: false });
          const marker = `<!-- bench ${profile} ${round} -->`;
          await editor.edit((b) => b.insert(doc.positionAt(doc.getText().indexOf('<Form')), `${marker}\n`));
          // What opening the file starts in the background (the translations the language server reads, the
          // connector's details) finishes first: the figure is the save's, not the open's tail.
          for (let quiet = 0, polls = 0; quiet < 2 && polls < 50; polls++) {
            await new Promise((r) => setTimeout(r, 150));
            quiet = (await requests()).length === 0 ? quiet + 1 : 0;
          }
          await control('/reset-rate-limit');
          await requests();
          await newConnections();
          verdicts.length = 0;
          const t0 = performance.now();
          await vscode.commands.executeCommand('workbench.action.files.save');
          await waitFor(() => (doc.isDirty ? undefined : true), 30_000, `${name} saved`);
          const ms = performance.now() - t0;
          const seen = await requests();
          const connections = await newConnections();
          const verdict = verdicts.join(' ') || 'no PUT logged';
          if (!/UPDATED/.test(verdict)) figures.notes.push(`save ${name} (${profile}): ${verdict}`);
          if (round === warmups) console.log(`[bench save] ${name} (${profile}): requests ${seen.join(', ')}; ${connections} new connection(s)`);
          if (round >= warmups) figures.save[profile].push({ ms, requests: seen.length, connections, verdict });
          await vscode.commands.executeCommand('workbench.action.closeAllEditors');
        }
        write();
      }
    } finally {
      logger.info = originalInfo;
    }
    phase('save');
    await setProfile('loopback');

    // ---- typing → diagnostics, 300 KB local source-config.xml, the server's debounce included ----
    const typingUri = vscode.Uri.file(required('ISC_BENCH_TYPING_FILE'));
    const typingOffset = Number(required('ISC_BENCH_TYPING_OFFSET'));
    const typingChar = required('ISC_BENCH_TYPING_CHAR');
    const tdoc = await vscode.workspace.openTextDocument(typingUri);
    figures.typingBytes = Buffer.byteLength(tdoc.getText());
    const teditor = await vscode.window.showTextDocument(tdoc, { preview: false });
    const diagnostics = (): number => vscode.languages.getDiagnostics(typingUri).length;
    const diagnosticsWhere = (ok: (n: number) => boolean, what: string): Promise<number> => new Promise<number>((resolve, reject) => {
      if (ok(diagnostics())) return resolve(performance.now());
      const timer = setTimeout(() => { sub.dispose(); reject(new Error(`no diagnostics ${what} within 20 s`)); }, 20_000);
      const sub = vscode.languages.onDidChangeDiagnostics((e) => {
        if (e.uris.some((u) => u.toString() === typingUri.toString()) && ok(diagnostics())) {
          const t = performance.now();
          clearTimeout(timer);
          sub.dispose();
          resolve(t);
        }
      });
    });
    // The server validates an opened document at once; wait until that has settled.
    await new Promise((r) => setTimeout(r, 1500));
    const baseline = diagnostics();
    const at = tdoc.positionAt(typingOffset);
    figures.typing = [];
    for (let round = 0; round < rounds; round++) {
      for (const typed of [true, false]) {
        const arrived = diagnosticsWhere(typed ? (n) => n > baseline : (n) => n === baseline, typed ? 'for the typed problem' : 'back to the baseline');
        const t0 = performance.now();
        await teditor.edit((b) => (typed ? b.insert(at, typingChar) : b.delete(new vscode.Range(at, at.translate(0, typingChar.length)))), { undoStopBefore: false, undoStopAfter: false });
        const t1 = await arrived;
        if (round >= warmups) figures.typing.push(t1 - t0);
      }
    }
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
    phase('typing');

    // ---- list all 10,000 in the tree (Load more until done), then the host's memory ----
    await control('/reset-rate-limit');
    await vscode.commands.executeCommand('workbench.actions.treeView.iscStudio.connectors.collapseAll');
    provider.refresh(tenantId);
    const node = await tenantNode();
    const expected = Number(required('ISC_BENCH_LISTED'));
    const firstShown = new Promise<number>((resolve) => { watch = { resolve, minChildren: pageSize }; });
    await api.treeView.reveal(node, { expand: true, focus: false, select: false });
    await firstShown;
    const allShown = new Promise<number>((resolve) => { watch = { resolve, minChildren: expected }; });
    for (let page = 1; page < Math.ceil(expected / pageSize) + 2; page++) await provider.loadMore(tenantId);
    await Promise.race([allShown, new Promise<number>((_, reject) => setTimeout(() => reject(new Error(`the view did not show ${expected} rows within 60 s`)), 60_000))]);
    figures.listed = (await originalGetChildren(node)).length;
    figures.memoryAfter = memory();
    phase('loadAll');
  } finally {
    provider.getChildren = originalGetChildren;
    provider.getTreeItem = originalGetTreeItem;
    watch = undefined;
    await control('/profile?id=loopback').catch(() => undefined);
  }
}
