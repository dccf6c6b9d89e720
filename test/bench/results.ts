// The benchmark's one table: rows of figures (ours / SDK / floor), their ratios and target verdicts,
// printed to the console and written as JSON and Markdown next to this file.
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { round } from './stats';

export type Unit = 'ms' | 'KB' | 'MB' | 'count';

/** A target a figure must meet: an absolute bound on ours, or a bound on a ratio measured in the same run. */
export type Target =
  | { kind: 'ratioToSdk'; max: number }
  | { kind: 'ratioToFloor'; max: number }
  | { kind: 'absolute'; max: number; strict?: boolean }
  | { kind: 'equals'; value: number };

export interface FigureRow {
  /** Stable id, e.g. `list.latency80`. */
  id: string;
  /** What was measured, for humans. */
  figure: string;
  unit: Unit;
  ours: number | null;
  sdk?: number | null;
  floor?: number | null;
  /** Every target that applies to `ours` (all must hold). */
  targets?: Target[];
  /** Raw samples behind the medians, per contender. */
  samples?: Partial<Record<'ours' | 'sdk' | 'floor', number[]>>;
  /** How it was measured, or why it was not. */
  note?: string;
  /** Set when a figure could not be measured; `ours` is then null. */
  notMeasured?: string;
}

export interface Verdict {
  text: string;
  met: boolean | null;
}

export function ratio(a: number | null | undefined, b: number | null | undefined): number | null {
  return a === null || a === undefined || b === null || b === undefined || b === 0 ? null : a / b;
}

function targetText(t: Target, unit: Unit): string {
  switch (t.kind) {
    case 'ratioToSdk': return `≤ ${t.max} × SDK`;
    case 'ratioToFloor': return `≤ ${t.max} × floor`;
    case 'absolute': return `${t.strict === false ? '≤' : '<'} ${t.max} ${unit}`;
    case 'equals': return `= ${t.value}`;
  }
}

function targetMet(row: FigureRow, t: Target): boolean | null {
  if (row.ours === null) return null;
  switch (t.kind) {
    case 'ratioToSdk': { const r = ratio(row.ours, row.sdk); return r === null ? null : r <= t.max; }
    case 'ratioToFloor': { const r = ratio(row.ours, row.floor); return r === null ? null : r <= t.max; }
    case 'absolute': return t.strict === false ? row.ours <= t.max : row.ours < t.max;
    case 'equals': return row.ours === t.value;
  }
}

export function verdict(row: FigureRow): Verdict {
  const targets = row.targets ?? [];
  if (targets.length === 0) return { text: '', met: null };
  const text = targets.map((t) => targetText(t, row.unit)).join(', ');
  if (row.notMeasured !== undefined) return { text, met: null };
  const results = targets.map((t) => targetMet(row, t));
  if (results.some((r) => r === false)) return { text, met: false };
  if (results.some((r) => r === null)) return { text, met: null };
  return { text, met: true };
}

export interface Machine {
  nproc: number;
  cpu: string;
  memoryGiB: number;
  node: string;
  platform: string;
  date: string;
}

export function describeMachine(): Machine {
  let nproc = os.cpus().length;
  try { nproc = Number(execFileSync('nproc', { encoding: 'utf8' }).trim()) || nproc; } catch { /* os.cpus() then */ }
  return {
    nproc,
    cpu: os.cpus()[0]?.model?.trim() ?? 'unknown',
    memoryGiB: Math.round((os.totalmem() / 2 ** 30) * 10) / 10,
    node: process.version,
    platform: `${os.type()} ${os.release()} ${os.arch()}`,
    date: new Date().toISOString(),
  };
}

function fmt(n: number | null | undefined, unit?: Unit): string {
  if (n === null || n === undefined) return '—';
  const v = round(n);
  return unit ? `${v} ${unit}` : String(v);
}

function fmtRatio(r: number | null): string {
  return r === null ? '—' : `${round(r)}×`;
}

function metText(v: Verdict, row: FigureRow): string {
  if (row.notMeasured !== undefined) return 'not measured';
  if (v.met === null) return v.text ? '?' : '';
  return v.met ? 'yes' : 'NO';
}

const HEADERS = ['Figure', 'Ours', 'SDK', 'Floor', 'Ours/SDK', 'Ours/floor', 'Target', 'Met?'];

function cells(row: FigureRow): string[] {
  const v = verdict(row);
  return [
    row.figure,
    row.notMeasured !== undefined ? 'not measured' : fmt(row.ours, row.unit),
    fmt(row.sdk, row.unit),
    fmt(row.floor, row.unit),
    fmtRatio(ratio(row.ours, row.sdk)),
    fmtRatio(ratio(row.ours, row.floor)),
    v.text,
    metText(v, row),
  ];
}

/** The table as aligned plain text for the console. */
export function consoleTable(rows: readonly FigureRow[]): string {
  const all = [HEADERS, ...rows.map(cells)];
  const widths = HEADERS.map((_, i) => Math.max(...all.map((r) => [...r[i]].length)));
  const line = (r: string[]): string => r.map((c, i) => c.padEnd(widths[i])).join(' │ ');
  return [line(HEADERS), widths.map((w) => '─'.repeat(w)).join('─┼─'), ...all.slice(1).map(line)].join('\n');
}

function mdEscape(s: string): string {
  return s.replace(/\|/g, '\\|');
}

/** The table as Markdown (no heading), with the machine line under it. */
export function markdownTable(rows: readonly FigureRow[]): string {
  const out = [`| ${HEADERS.join(' | ')} |`, `|${HEADERS.map((_, i) => (i === 0 ? '---' : '---:')).join('|')}|`];
  for (const row of rows) out.push(`| ${cells(row).map(mdEscape).join(' | ')} |`);
  return out.join('\n');
}

export function machineLine(m: Machine): string {
  return `${m.nproc} × ${m.cpu}, ${m.memoryGiB} GiB RAM, Node ${m.node}, ${m.platform}, ${m.date}`;
}

export interface BenchResults {
  machine: Machine;
  /** How each figure was taken (runs, warm-up, profiles). */
  method: string[];
  rows: FigureRow[];
}

/** Writes results.json and results.md into `dir`. */
export function writeResults(dir: string, results: BenchResults): void {
  const json = {
    machine: results.machine,
    method: results.method,
    rows: results.rows.map((r) => {
      const v = verdict(r);
      return {
        ...r,
        ratioToSdk: ratio(r.ours, r.sdk),
        ratioToFloor: ratio(r.ours, r.floor),
        target: v.text || null,
        met: r.notMeasured !== undefined ? null : v.met,
      };
    }),
  };
  fs.writeFileSync(path.join(dir, 'results.json'), `${JSON.stringify(json, null, 2)}\n`);
  const notes = results.rows.filter((r) => r.note || r.notMeasured).map((r) => `- **${r.figure}**: ${r.notMeasured ? `not measured — ${r.notMeasured}` : r.note}`);
  const md = [
    '# Benchmark results',
    '',
    'Written by `npm run bench` (test/bench/run.ts). Medians; ratios are of medians measured side by side in one run.',
    '',
    `Machine: ${machineLine(results.machine)}`,
    '',
    markdownTable(results.rows),
    '',
    '## How',
    '',
    ...results.method.map((m) => `- ${m}`),
    '',
    '## Notes per figure',
    '',
    ...notes,
    '',
  ].join('\n');
  fs.writeFileSync(path.join(dir, 'results.md'), md);
}
