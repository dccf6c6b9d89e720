// Language-server figures over a real LSP connection (IPC) to the production dist/server.js, started the way the
// extension starts it: open → diagnostics (1 MB), typing → diagnostics on a 300 KB document (one keystroke, the
// server's debounce included: the clock stops at the publishDiagnostics that reflects the keystroke), a 5 MB
// document (open → diagnostics, and the heap the server retains while it is open), completion p95. Plus the
// validation and completion functions called directly, for the split between work and transport.
import { fork, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { TextDocument } from 'vscode-languageserver-textdocument';
import {
  CompletionRequest,
  DidChangeTextDocumentNotification,
  DidCloseTextDocumentNotification,
  DidOpenTextDocumentNotification,
  ExitNotification,
  InitializeRequest,
  InitializedNotification,
  IPCMessageReader,
  IPCMessageWriter,
  PublishDiagnosticsNotification,
  ShutdownRequest,
  TextDocumentSyncKind,
  createProtocolConnection,
  type Position,
  type PublishDiagnosticsParams,
  type TextDocumentContentChangeEvent,
} from 'vscode-languageserver-protocol/node';
import { getCompletions, validateTextDocument } from '../../src/server/lsp/features';
import { generateConnectors } from '../mock-tenant/seed';
import type { LazyBytes } from '../mock-tenant/store';
import type { FigureRow } from './results';
import { median, percentile, waitUntil, type BenchRunOptions } from './stats';

const LANGUAGE_ID = 'isc-connector-xml';
const MiB = 1024 * 1024;

function bytesOf(value: LazyBytes | string | undefined): string {
  if (value === undefined) throw new Error('generated connector without a source config');
  if (typeof value === 'string') return value;
  return (typeof value === 'function' ? value() : value).toString('utf8');
}

/** The generator's source configs: one padded to about `bytes`, one of the usual size. */
export function sourceConfigs(bytes: number): { big: string; typical: string } {
  const [first, second] = generateConnectors(2, 1, { bigSourceConfigBytes: bytes });
  return { big: bytesOf(first.files?.['source-config']), typical: bytesOf(second.files?.['source-config']) };
}

/**
 * 100 positions spread evenly over the document, alternating between the two places completion is asked for
 * most: an attribute name inside a start tag (just after `<Field `) and an element name (just after `<`).
 */
export function completionOffsets(text: string, count = 100): number[] {
  const fieldTags: number[] = [];
  const re = /<Field /g;
  for (let m = re.exec(text); m; m = re.exec(text)) fieldTags.push(m.index);
  if (fieldTags.length === 0) throw new Error('no <Field> in the document');
  const offsets: number[] = [];
  for (let i = 0; i < count; i++) {
    const at = fieldTags[Math.floor((i * fieldTags.length) / count)];
    offsets.push(i % 2 === 0 ? at + '<Field '.length : at + 1);
  }
  return offsets;
}

/**
 * A one-character edit that the validator reports (and its undo): an `x` typed at the end of a Field type
 * (`fileupload` → `fileuploadx`, "not a valid Field type"), or, if the validator does not report that, a `<`
 * typed into text (not well-formed).
 */
export function typingEdit(text: string): { offset: number; char: string } {
  const uri = 'isc-connector://bench/typing/source-config.xml';
  const count = (t: string): number => validateTextDocument(TextDocument.create(uri, LANGUAGE_ID, 1, t)).length;
  const baseline = count(text);
  const candidates: Array<{ offset: number; char: string }> = [];
  const type = text.indexOf('type="fileupload"');
  if (type >= 0) candidates.push({ offset: type + 'type="fileupload'.length, char: 'x' });
  const close = text.indexOf('</Form>');
  if (close >= 0) candidates.push({ offset: close, char: '<' });
  for (const c of candidates) {
    if (count(text.slice(0, c.offset) + c.char + text.slice(c.offset)) > baseline) return c;
  }
  throw new Error('no one-character edit the validator reports');
}

interface MemoryUsage { heapUsed: number; rss: number }

interface LspSession {
  syncKind: number;
  open(uri: string, text: string): Promise<PublishDiagnosticsParams>;
  /** Applies one edit and resolves with the first publishDiagnostics for `uri` whose count satisfies `done`. */
  change(uri: string, version: number, change: TextDocumentContentChangeEvent, done: (count: number) => boolean): Promise<PublishDiagnosticsParams>;
  close(uri: string): Promise<void>;
  complete(uri: string, position: Position): Promise<{ ms: number; items: number }>;
  /** The server's memory after a full GC. */
  memory(): Promise<MemoryUsage>;
  dispose(): Promise<void>;
}

/**
 * Starts the language server the way the extension does (a Node child over IPC), through a small loader that
 * answers SIGUSR2 with a full GC and process.memoryUsage() in a file. `serverJs` undefined: the sources via tsx.
 */
async function startLsp(serverJs: string | undefined): Promise<LspSession> {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'isc-bench-lsp-'));
  const memoryFile = path.join(tmp, 'memory.json');
  const loader = path.join(tmp, 'loader.cjs');
  fs.writeFileSync(loader, [
    "const fs = require('fs');",
    "process.on('SIGUSR2', () => { global.gc(); fs.writeFileSync(process.env.ISC_BENCH_MEMORY_FILE, JSON.stringify(process.memoryUsage())); });",
    'require(process.env.ISC_BENCH_SERVER_JS);',
  ].join('\n'));
  const entry = serverJs ?? path.resolve(__dirname, '..', '..', 'src', 'server', 'server.ts');
  const child: ChildProcess = fork(loader, ['--node-ipc'], {
    stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
    execArgv: ['--expose-gc', ...(serverJs ? [] : ['--import', 'tsx'])],
    env: { ...process.env, ISC_BENCH_MEMORY_FILE: memoryFile, ISC_BENCH_SERVER_JS: entry },
  });
  const connection = createProtocolConnection(new IPCMessageReader(child), new IPCMessageWriter(child));
  const waiters = new Map<string, (p: PublishDiagnosticsParams) => void>();
  connection.onNotification(PublishDiagnosticsNotification.type, (p) => waiters.get(p.uri)?.(p));
  connection.listen();
  const init = await connection.sendRequest(InitializeRequest.type, {
    processId: process.pid,
    rootUri: null,
    capabilities: { textDocument: { publishDiagnostics: {}, completion: { completionItem: { snippetSupport: true } } } },
    workspaceFolders: null,
  });
  await connection.sendNotification(InitializedNotification.type, {});
  const sync = init.capabilities.textDocumentSync;
  const syncKind = typeof sync === 'number' ? sync : sync?.change ?? TextDocumentSyncKind.Full;
  const until = (uri: string, done: (p: PublishDiagnosticsParams) => boolean): Promise<PublishDiagnosticsParams> =>
    new Promise((resolve) => waiters.set(uri, (p) => { if (done(p)) { waiters.delete(uri); resolve(p); } }));
  return {
    syncKind,
    async open(uri, text) {
      const arrived = until(uri, () => true);
      await connection.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri, languageId: LANGUAGE_ID, version: 1, text } });
      return arrived;
    },
    async change(uri, version, change, done) {
      const arrived = until(uri, (p) => done(p.diagnostics.length));
      await connection.sendNotification(DidChangeTextDocumentNotification.type, { textDocument: { uri, version }, contentChanges: [change] });
      return arrived;
    },
    async close(uri) {
      await connection.sendNotification(DidCloseTextDocumentNotification.type, { textDocument: { uri } });
    },
    async complete(uri, position) {
      const t0 = performance.now();
      const result = await connection.sendRequest(CompletionRequest.type, { textDocument: { uri }, position });
      const ms = performance.now() - t0;
      const items = result === null ? 0 : Array.isArray(result) ? result.length : result.items.length;
      return { ms, items };
    },
    async memory() {
      fs.rmSync(memoryFile, { force: true });
      child.kill('SIGUSR2');
      await waitUntil(() => fs.existsSync(memoryFile) && fs.statSync(memoryFile).size > 0, 10_000, 'the language server\'s memory report');
      await new Promise((r) => setTimeout(r, 20)); // the write has finished
      return JSON.parse(fs.readFileSync(memoryFile, 'utf8')) as MemoryUsage;
    },
    async dispose() {
      await connection.sendRequest(ShutdownRequest.type).catch(() => undefined);
      await connection.sendNotification(ExitNotification.type).catch(() => undefined);
      connection.dispose();
      if (child.exitCode === null) {
        const exited = new Promise((r) => child.once('exit', r));
        const timer = setTimeout(() => child.kill(), 5000);
        await exited;
        clearTimeout(timer);
      }
      fs.rmSync(tmp, { recursive: true, force: true });
    },
  };
}

export interface LspBenchOptions extends BenchRunOptions {
  /** The production dist/server.js; undefined: the server from the sources (only for --quick). */
  serverJs: string | undefined;
  quick: boolean;
  serverJsMissingReason?: string;
}

const kbOf = (s: string): number => Math.round(Buffer.byteLength(s) / 1024);

export async function runLspBench(opts: LspBenchOptions): Promise<FigureRow[]> {
  const { runs, warmups, log } = opts;
  const rows: FigureRow[] = [];
  if (!opts.serverJs && !opts.quick) {
    return [{ id: 'lsp', figure: 'Language server over LSP', unit: 'ms', series: [], notMeasured: opts.serverJsMissingReason ?? 'no dist/server.js' }];
  }
  const origin = opts.serverJs ? 'production dist/server.js' : 'the server from src/ through tsx (--quick)';
  const { big: oneMb } = sourceConfigs(opts.quick ? 256 * 1024 : MiB);
  const { big: typingDoc } = sourceConfigs(300 * 1024);
  const { big: huge } = sourceConfigs(opts.quick ? MiB : 5 * MiB);

  // ---- the functions themselves (no transport) ----
  const direct: number[] = [];
  for (let i = 0; i < warmups + runs; i++) {
    const doc = TextDocument.create(`isc-connector://bench/direct-${i}/source-config.xml`, LANGUAGE_ID, 1, oneMb);
    const t0 = performance.now();
    validateTextDocument(doc);
    if (i >= warmups) direct.push(performance.now() - t0);
  }
  rows.push({ id: 'lsp.validate.direct', figure: `Validate the ${kbOf(oneMb)} KB source config (validation function, this process)`, unit: 'ms',
    series: [{ key: 'ours', label: 'validateTextDocument()', samples: direct }], note: 'src/server/validation.ts called directly: the work without transport or debounce' });

  const lsp = await startLsp(opts.serverJs);
  try {
    // ---- open → diagnostics, 1 MB ----
    const openMs: number[] = [];
    for (let i = 0; i < warmups + runs; i++) {
      const uri = `isc-connector://bench/open-${i}/source-config.xml`;
      const t0 = performance.now();
      await lsp.open(uri, oneMb);
      if (i >= warmups) openMs.push(performance.now() - t0);
      await lsp.close(uri);
    }
    log(`lsp: didOpen ${kbOf(oneMb)} KB → publishDiagnostics median ${median(openMs).toFixed(1)} ms`);
    rows.push({ id: 'lsp.open', figure: `Open the ${kbOf(oneMb)} KB source config → diagnostics (over LSP)`, unit: 'ms',
      series: [{ key: 'ours', label: origin, samples: openMs }], targets: [{ kind: 'median', max: 300 }],
      note: `didOpen until the first publishDiagnostics for the document, ${origin} forked with --node-ipc as the extension does` });

    // ---- typing → diagnostics, 300 KB, debounce included ----
    const edit = typingEdit(typingDoc);
    const uri = 'isc-connector://bench/typing/source-config.xml';
    const first = await lsp.open(uri, typingDoc);
    const baseline = first.diagnostics.length;
    const position = TextDocument.create(uri, LANGUAGE_ID, 1, typingDoc).positionAt(edit.offset);
    const typing: number[] = [];
    let version = 1;
    for (let i = 0; i < warmups + runs; i++) {
      // Type the character (one more problem), then delete it (back to the baseline): two samples per round.
      for (const typed of [true, false]) {
        version++;
        const change: TextDocumentContentChangeEvent = lsp.syncKind === TextDocumentSyncKind.Incremental
          ? (typed ? { range: { start: position, end: position }, text: edit.char } : { range: { start: position, end: { line: position.line, character: position.character + 1 } }, text: '' })
          : { text: typed ? typingDoc.slice(0, edit.offset) + edit.char + typingDoc.slice(edit.offset) : typingDoc };
        const t0 = performance.now();
        await lsp.change(uri, version, change, (n) => (typed ? n > baseline : n === baseline));
        if (i >= warmups) typing.push(performance.now() - t0);
      }
    }
    await lsp.close(uri);
    log(`lsp: typing → diagnostics (${kbOf(typingDoc)} KB) median ${median(typing).toFixed(1)} ms`);
    rows.push({ id: 'lsp.typing', figure: `Typing → diagnostics, ${kbOf(typingDoc)} KB document (over LSP, debounce included)`, unit: 'ms',
      series: [{ key: 'ours', label: origin, samples: typing }], targets: [{ kind: 'median', max: 150 }],
      note: `one keystroke (didChange, ${lsp.syncKind === TextDocumentSyncKind.Incremental ? 'incremental' : 'full'} sync as the server asks) until the publishDiagnostics that reports the new problem (or its disappearance after the undo); both directions sampled` });

    // ---- a 5 MB document: open → diagnostics, and what the server keeps while it is open ----
    const hugeMs: number[] = [];
    const retained: number[] = [];
    const hugeRuns = opts.quick ? runs : Math.max(5, Math.min(runs, 15));
    for (let i = 0; i < warmups + hugeRuns; i++) {
      const u = `isc-connector://bench/huge-${i}/source-config.xml`;
      const before = await lsp.memory();
      const t0 = performance.now();
      await lsp.open(u, huge);
      const ms = performance.now() - t0;
      const after = await lsp.memory();
      await lsp.close(u);
      if (i >= warmups) {
        hugeMs.push(ms);
        retained.push((after.heapUsed - before.heapUsed) / MiB);
      }
    }
    const closed = await lsp.memory();
    log(`lsp: ${kbOf(huge)} KB open → diagnostics median ${median(hugeMs).toFixed(0)} ms, retained ${median(retained).toFixed(1)} MB`);
    rows.push({ id: 'lsp.huge.open', figure: `Open a ${(Buffer.byteLength(huge) / MiB).toFixed(1)} MB source config → diagnostics (over LSP)`, unit: 'ms',
      series: [{ key: 'ours', label: origin, samples: hugeMs }], note: 'a new document URI each run' });
    rows.push({ id: 'lsp.huge.memory', figure: `Server heap retained while the ${(Buffer.byteLength(huge) / MiB).toFixed(1)} MB document is open`, unit: 'MB',
      series: [{ key: 'ours', label: origin, samples: retained }],
      note: `heapUsed after a full GC with the document open and validated, minus before it was opened (the text alone is ${(Buffer.byteLength(huge) / MiB).toFixed(1)} MB as UTF-8, up to twice that as a JS string); after closing them all: heap ${(closed.heapUsed / MiB).toFixed(1)} MB, RSS ${(closed.rss / MiB).toFixed(0)} MB` });

    // ---- completion over LSP, 100 positions of the 1 MB document ----
    const cUri = 'isc-connector://bench/completion/source-config.xml';
    await lsp.open(cUri, oneMb);
    const doc = TextDocument.create(cUri, LANGUAGE_ID, 1, oneMb);
    const offsets = completionOffsets(oneMb);
    for (const o of offsets.slice(0, 5)) await lsp.complete(cUri, doc.positionAt(o));
    const comp: number[] = [];
    let nonEmpty = 0;
    for (const o of offsets) {
      const r = await lsp.complete(cUri, doc.positionAt(o));
      comp.push(r.ms);
      if (r.items > 0) nonEmpty++;
    }
    const direct100: number[] = [];
    for (const o of offsets) {
      const t0 = performance.now();
      getCompletions(doc, doc.positionAt(o));
      direct100.push(performance.now() - t0);
    }
    rows.push({ id: 'lsp.completion', figure: `Completion at 100 positions of the ${kbOf(oneMb)} KB source config (over LSP), p95`, unit: 'ms',
      series: [{ key: 'ours', label: 'p95 of 100 positions', samples: [percentile(comp, 95)] }], targets: [{ kind: 'median', max: 50 }],
      note: `textDocument/completion round trips: p50 ${percentile(comp, 50).toFixed(2)} ms, p95 ${percentile(comp, 95).toFixed(2)} ms; ${nonEmpty}/100 positions had items; getCompletions() alone p95 ${percentile(direct100, 95).toFixed(2)} ms` });
  } finally {
    await lsp.dispose();
  }
  return rows;
}
