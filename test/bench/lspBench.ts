// Language-server figures: time to diagnostics for a 1 MB source config (the validation function called
// directly, and end to end through a real LSP connection over IPC to the production dist/server.js, as the
// extension starts it), and completion latency at 100 positions (p50/p95), directly and over LSP.
import { fork } from 'node:child_process';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { TextDocument } from 'vscode-languageserver-textdocument';
import {
  CompletionRequest,
  DidCloseTextDocumentNotification,
  DidOpenTextDocumentNotification,
  ExitNotification,
  InitializeRequest,
  InitializedNotification,
  IPCMessageReader,
  IPCMessageWriter,
  PublishDiagnosticsNotification,
  ShutdownRequest,
  createProtocolConnection,
  type Position,
  type PublishDiagnosticsParams,
} from 'vscode-languageserver-protocol/node';
import { getCompletions, validateTextDocument } from '../../src/server/lsp/features';

/** An opened document is validated at once; edits wait for diagnosticsDelay() (src/server/diagnosticsDelay.ts). */
const DIAGNOSTICS_DELAY_MS = 0;
import { generateConnectors } from '../mock-tenant/seed';
import type { LazyBytes } from '../mock-tenant/store';
import type { FigureRow } from './results';
import { median, percentile } from './stats';

const LANGUAGE_ID = 'isc-connector-xml';

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

/** CPU milliseconds of this process (all threads, GC included) since `since`. */
function cpuMs(since: NodeJS.CpuUsage): number {
  const u = process.cpuUsage(since);
  return (u.user + u.system) / 1000;
}

function directDiagnostics(text: string, runs: number, warmups: number): { samples: number[]; cpu: number[]; count: number } {
  const samples: number[] = [];
  const cpu: number[] = [];
  let count = 0;
  for (let i = 0; i < warmups + runs; i++) {
    const doc = TextDocument.create(`isc-connector://bench/direct-${i}/source-config.xml`, LANGUAGE_ID, 1, text);
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    count = validateTextDocument(doc).length;
    const ms = performance.now() - t0;
    if (i >= warmups) {
      samples.push(ms);
      cpu.push(cpuMs(c0));
    }
  }
  return { samples, cpu, count };
}

function directCompletion(text: string, offsets: number[]): { samples: number[]; cpu: number[]; nonEmpty: number } {
  const doc = TextDocument.create('isc-connector://bench/completion/source-config.xml', LANGUAGE_ID, 1, text);
  for (const o of offsets.slice(0, 5)) getCompletions(doc, doc.positionAt(o)); // warm-up
  const samples: number[] = [];
  const cpu: number[] = [];
  let nonEmpty = 0;
  for (const o of offsets) {
    const position = doc.positionAt(o);
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    const list = getCompletions(doc, position);
    samples.push(performance.now() - t0);
    cpu.push(cpuMs(c0));
    if (list.items.length > 0) nonEmpty++;
  }
  return { samples, cpu, nonEmpty };
}

interface LspSession {
  openAndWaitForDiagnostics(uri: string, text: string): Promise<{ ms: number; count: number }>;
  close(uri: string): Promise<void>;
  complete(uri: string, position: Position): Promise<{ ms: number; items: number }>;
  dispose(): Promise<void>;
}

/** Starts dist/server.js the way the extension does (a Node child over IPC) and initializes it. */
async function startLsp(serverJs: string): Promise<LspSession> {
  const child = fork(serverJs, ['--node-ipc'], { stdio: ['ignore', 'ignore', 'inherit', 'ipc'] });
  const connection = createProtocolConnection(new IPCMessageReader(child), new IPCMessageWriter(child));
  const waiters = new Map<string, (p: PublishDiagnosticsParams) => void>();
  connection.onNotification(PublishDiagnosticsNotification.type, (p) => {
    const w = waiters.get(p.uri);
    if (w && p.diagnostics !== undefined) w(p);
  });
  connection.listen();
  await connection.sendRequest(InitializeRequest.type, {
    processId: process.pid,
    rootUri: null,
    capabilities: { textDocument: { publishDiagnostics: {}, completion: { completionItem: { snippetSupport: true } } } },
    workspaceFolders: null,
  });
  await connection.sendNotification(InitializedNotification.type, {});
  return {
    async openAndWaitForDiagnostics(uri, text) {
      const arrived = new Promise<PublishDiagnosticsParams>((resolve) => waiters.set(uri, resolve));
      const t0 = performance.now();
      await connection.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri, languageId: LANGUAGE_ID, version: 1, text } });
      const p = await arrived;
      const ms = performance.now() - t0;
      waiters.delete(uri);
      return { ms, count: p.diagnostics.length };
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
    },
  };
}

export interface LspBenchOptions {
  runs: number;
  warmups: number;
  /** The production dist/server.js to talk to; undefined: LSP figures are not measured. */
  serverJs: string | undefined;
  serverJsMissingReason?: string;
  log: (m: string) => void;
}

export async function runLspBench(opts: LspBenchOptions): Promise<FigureRow[]> {
  const { runs, warmups, log } = opts;
  const { big, typical } = sourceConfigs(1024 * 1024);
  const kb = (s: string): number => Math.round(Buffer.byteLength(s) / 1024);
  const rows: FigureRow[] = [];

  const direct = directDiagnostics(big, runs, warmups);
  log(`lsp: validateTextDocument(${kb(big)} KB) median ${median(direct.samples).toFixed(1)} ms, ${direct.count} diagnostics`);
  rows.push({
    id: 'lsp.diagnostics.direct', figure: `Diagnostics for the ${kb(big)} KB source config (validation function)`, unit: 'ms',
    ours: median(direct.samples), samples: { ours: direct.samples }, targets: [{ kind: 'absolute', max: 300 }],
    note: `validateTextDocument() in this process (src/server/validation.ts), ${direct.count} diagnostics; CPU time median ${median(direct.cpu).toFixed(0)} ms`,
  });

  const offsetsBig = completionOffsets(big);
  const offsetsTypical = completionOffsets(typical);
  const compBig = directCompletion(big, offsetsBig);
  const compTypical = directCompletion(typical, offsetsTypical);
  for (const [id, label, c, text] of [['big', `${kb(big)} KB`, compBig, big], ['typical', `${kb(typical)} KB`, compTypical, typical]] as const) {
    log(`lsp: getCompletions ${label}: p50 ${percentile(c.samples, 50).toFixed(2)} ms, p95 ${percentile(c.samples, 95).toFixed(2)} ms, ${c.nonEmpty}/100 with items`);
    rows.push({
      id: `lsp.completion.direct.${id}`, figure: `Completion p95, 100 positions, ${label} source config (function)`, unit: 'ms',
      ours: percentile(c.samples, 95), samples: { ours: c.samples }, targets: [{ kind: 'absolute', max: 50 }],
      note: `getCompletions() in this process; p50 ${percentile(c.samples, 50).toFixed(2)} ms; CPU time p95 ${percentile(c.cpu, 95).toFixed(2)} ms; ${c.nonEmpty}/100 positions had items; document ${Buffer.byteLength(text)} bytes`,
    });
  }

  if (!opts.serverJs) {
    for (const [id, figure] of [
      ['lsp.diagnostics.ipc', `Diagnostics for the ${kb(big)} KB source config (didOpen → publishDiagnostics over LSP)`],
      ['lsp.completion.ipc.big', `Completion p95, 100 positions, ${kb(big)} KB source config (over LSP)`],
    ] as const) {
      rows.push({ id, figure, unit: 'ms', ours: null, targets: [{ kind: 'absolute', max: id.includes('diagnostics') ? 300 : 50 }], notMeasured: opts.serverJsMissingReason ?? 'no dist/server.js' });
    }
    return rows;
  }

  const lsp = await startLsp(opts.serverJs);
  try {
    const samples: number[] = [];
    let count = 0;
    for (let i = 0; i < warmups + runs; i++) {
      const uri = `isc-connector://bench/lsp-${i}/source-config.xml`;
      const r = await lsp.openAndWaitForDiagnostics(uri, big);
      await lsp.close(uri);
      count = r.count;
      if (i >= warmups) samples.push(r.ms);
      log(`lsp: ${i < warmups ? 'warm-up' : `run ${i - warmups + 1}`} didOpen ${kb(big)} KB → publishDiagnostics ${r.ms.toFixed(1)} ms (${r.count})`);
    }
    rows.push({
      id: 'lsp.diagnostics.ipc', figure: `Diagnostics for the ${kb(big)} KB source config (didOpen → publishDiagnostics over LSP)`, unit: 'ms',
      ours: median(samples), samples: { ours: samples }, targets: [{ kind: 'absolute', max: 300 }],
      note: `production dist/server.js forked with --node-ipc like the extension does; ${count} diagnostics; includes the server's ${DIAGNOSTICS_DELAY_MS} ms debounce before it validates an opened document (src/server/lsp/connectorServer.ts), so the validation and the round trip took about ${Math.max(0, median(samples) - DIAGNOSTICS_DELAY_MS).toFixed(0)} ms`,
    });

    const uri = 'isc-connector://bench/lsp-completion/source-config.xml';
    await lsp.openAndWaitForDiagnostics(uri, big);
    const doc = TextDocument.create(uri, LANGUAGE_ID, 1, big);
    for (const o of offsetsBig.slice(0, 5)) await lsp.complete(uri, doc.positionAt(o));
    const comp: number[] = [];
    let nonEmpty = 0;
    for (const o of offsetsBig) {
      const r = await lsp.complete(uri, doc.positionAt(o));
      comp.push(r.ms);
      if (r.items > 0) nonEmpty++;
    }
    log(`lsp: completion over LSP ${kb(big)} KB: p50 ${percentile(comp, 50).toFixed(2)} ms, p95 ${percentile(comp, 95).toFixed(2)} ms`);
    rows.push({
      id: 'lsp.completion.ipc.big', figure: `Completion p95, 100 positions, ${kb(big)} KB source config (over LSP)`, unit: 'ms',
      ours: percentile(comp, 95), samples: { ours: comp }, targets: [{ kind: 'absolute', max: 50 }],
      note: `textDocument/completion round trip to dist/server.js; p50 ${percentile(comp, 50).toFixed(2)} ms; ${nonEmpty}/100 positions had items`,
    });
  } finally {
    await lsp.dispose();
  }
  return rows;
}

export function defaultServerJs(root: string): string {
  return path.join(root, 'dist', 'server.js');
}
