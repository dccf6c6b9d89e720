// The benchmark's figures: per figure the samples of every contender ("series", ours first), summaries
// (n / min / median / p90), paired ratios with 95 % bootstrap intervals, the analytic bound, and target verdicts.
// A target counts as met only when the whole interval is on the right side of it; when the interval straddles it
// the verdict says so. Written as results.json and results.md (and the README section, readme.ts) from one run.
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { medianInterval, pairedRatioInterval, round, summarize, type Interval, type Summary } from './stats';

export type Unit = 'ms' | 's' | 'KB' | 'MB' | 'count';

export interface Series {
  /** Stable key, e.g. `ours`, `sdkPaginator`, `floor`. */
  key: string;
  label: string;
  samples: number[];
}

export type Target =
  /** median(ours) / median(vs), paired by round: the whole 95 % interval ≤ max. */
  | { kind: 'ratio'; vs: string; max: number }
  /** median(ours) / the analytic bound: the whole interval ≤ max. */
  | { kind: 'ratioToBound'; max: number }
  /** median(ours): the whole interval ≤ max (in the figure's unit). */
  | { kind: 'median'; max: number }
  /** Every sample of ours equals value (counts). */
  | { kind: 'every'; value: number };

export interface FigureRow {
  /** Stable id, e.g. `list10k.rtt80`. */
  id: string;
  figure: string;
  unit: Unit;
  /** Ours first; the others are measured in the same rounds, in rotated order (sample i of each = round i). */
  series: Series[];
  /** What physics allows at the least, from the model's parameters and the bytes on the wire. */
  bound?: { value: number; how: string };
  targets?: Target[];
  /** Other series to show in the summary beside ours even without a target (ours ÷ it, with a plain verdict). */
  compare?: string[];
  note?: string;
  /** Set when a figure could not be measured (series may then be empty). */
  notMeasured?: string;
  /** 1-minute load average before and after the figure (all three averages). */
  load?: { before: number[]; after: number[] };
}

export type VerdictText = 'met' | 'NOT MET' | 'not shown (interval straddles the target)' | 'not measured';

export interface EvaluatedTarget {
  text: string;
  interval?: Interval;
  verdict: VerdictText;
}

export interface EvaluatedRow extends FigureRow {
  summaries: Record<string, Summary>;
  /** ours ÷ each other series, paired. */
  ratios: Record<string, Interval>;
  boundRatio?: Interval;
  evaluated: EvaluatedTarget[];
}

function seedOf(id: string): number {
  let h = 2166136261;
  for (let i = 0; i < id.length; i++) h = Math.imul(h ^ id.charCodeAt(i), 16777619) >>> 0;
  return h;
}

function judge(interval: Interval, max: number): VerdictText {
  if (interval.hi <= max) return 'met';
  if (interval.lo > max) return 'NOT MET';
  return 'not shown (interval straddles the target)';
}

function labelOf(row: FigureRow, key: string): string {
  return row.series.find((s) => s.key === key)?.label ?? key;
}

/** Ours against another contender without a target: faster, slower, or at parity (the interval holds 1). */
export function comparison(i: Interval): string {
  if (i.hi < 1) return 'ours faster';
  if (i.lo > 1) return 'ours slower';
  return 'parity (interval holds 1)';
}

export function evaluate(row: FigureRow): EvaluatedRow {
  const summaries: Record<string, Summary> = {};
  for (const s of row.series) if (s.samples.length > 0) summaries[s.key] = summarize(s.samples);
  const ours = row.series[0];
  const ratios: Record<string, Interval> = {};
  const measured = row.notMeasured === undefined && ours !== undefined && ours.samples.length > 0;
  if (measured) {
    for (const s of row.series.slice(1)) {
      if (s.samples.length === ours.samples.length && s.samples.length > 0 && Math.min(...s.samples) > 0) {
        ratios[s.key] = pairedRatioInterval(ours.samples, s.samples, seedOf(`${row.id}/${s.key}`));
      }
    }
  }
  let boundRatio: Interval | undefined;
  if (measured && row.bound && row.bound.value > 0) {
    const m = medianInterval(ours.samples, seedOf(`${row.id}/bound`));
    boundRatio = { value: m.value / row.bound.value, lo: m.lo / row.bound.value, hi: m.hi / row.bound.value };
  }
  const evaluated = (row.targets ?? []).map((t): EvaluatedTarget => {
    switch (t.kind) {
      case 'ratio': {
        const text = `≤ ${t.max}× ${labelOf(row, t.vs)}`;
        const interval = ratios[t.vs];
        return interval ? { text, interval, verdict: judge(interval, t.max) } : { text, verdict: 'not measured' };
      }
      case 'ratioToBound': {
        const text = `≤ ${t.max}× bound`;
        return boundRatio ? { text, interval: boundRatio, verdict: judge(boundRatio, t.max) } : { text, verdict: 'not measured' };
      }
      case 'median': {
        const text = `median ≤ ${t.max} ${row.unit}`;
        if (!measured) return { text, verdict: 'not measured' };
        const interval = medianInterval(ours.samples, seedOf(`${row.id}/median`));
        return { text, interval, verdict: judge(interval, t.max) };
      }
      case 'every': {
        const text = `= ${t.value} in every run`;
        if (!measured) return { text, verdict: 'not measured' };
        return { text, verdict: ours.samples.every((v) => v === t.value) ? 'met' : 'NOT MET' };
      }
    }
  });
  return { ...row, summaries, ratios, boundRatio, evaluated };
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

export function machineLine(m: Machine): string {
  return `${m.nproc} × ${m.cpu}, ${m.memoryGiB} GiB RAM, Node ${m.node}, ${m.platform}, ${m.date}`;
}

export function fmt(n: number | undefined, unit?: Unit): string {
  if (n === undefined || !Number.isFinite(n)) return '—';
  const v = round(n);
  return unit && unit !== 'count' ? `${v} ${unit}` : String(v);
}

export function fmtInterval(i: Interval | undefined, suffix = '×'): string {
  if (!i) return '—';
  return `${round(i.value)}${suffix} (${round(i.lo)}–${round(i.hi)})`;
}

function mdCell(s: string): string {
  return s.replace(/\|/g, '\\|').replace(/\n/g, ' ');
}

function mdTable(headers: string[], rows: string[][]): string[] {
  return [
    `| ${headers.join(' | ')} |`,
    `|${headers.map((_, i) => (i === 0 ? '---' : '---:')).join('|')}|`,
    ...rows.map((r) => `| ${r.map(mdCell).join(' | ')} |`),
  ];
}

/** One line per target (and per bound), the figure's median beside it: the table the README shows. */
export function summaryTable(rows: readonly EvaluatedRow[]): string[] {
  const out: string[][] = [];
  for (const r of rows) {
    const ours = r.summaries[r.series[0]?.key ?? ''];
    const oursText = r.notMeasured !== undefined ? 'not measured' : ours ? `${fmt(ours.median, r.unit)} (${fmt(ours.min)}–${fmt(ours.p90)})` : '—';
    const lines: string[][] = r.evaluated.map((t) => [r.figure, oursText, t.text, t.interval ? fmtInterval(t.interval, t.text.includes('×') ? '×' : ` ${r.unit}`) : '—', t.verdict]);
    const targeted = new Set((r.targets ?? []).flatMap((t) => (t.kind === 'ratio' ? [t.vs] : [])));
    for (const key of r.compare ?? []) {
      const interval = r.ratios[key];
      if (targeted.has(key) || !interval) continue;
      lines.push([r.figure, oursText, labelOf(r, key), fmtInterval(interval), comparison(interval)]);
    }
    if (r.bound && !r.targets?.some((t) => t.kind === 'ratioToBound')) {
      lines.push([r.figure, oursText, `bound ${fmt(r.bound.value, r.unit)}`, fmtInterval(r.boundRatio), '']);
    }
    if (lines.length === 0) lines.push([r.figure, oursText, '', '', '']);
    out.push(...lines);
  }
  return mdTable(['Figure', 'Ours: median (min–p90)', 'Target / compared with', 'Ours ÷ it, 95 % CI', 'Verdict'], out);
}

/** The detail of one figure: every series' summary and ours ÷ it. */
export function figureDetail(r: EvaluatedRow): string[] {
  const lines = [`### ${r.figure}`, ''];
  if (r.notMeasured !== undefined) return [...lines, `Not measured: ${r.notMeasured}`, ''];
  const rows = r.series.filter((s) => r.summaries[s.key]).map((s, i) => {
    const m = r.summaries[s.key];
    return [s.label, String(m.n), fmt(m.min, r.unit), fmt(m.median, r.unit), fmt(m.p90, r.unit), i === 0 ? '—' : fmtInterval(r.ratios[s.key])];
  });
  if (r.bound) rows.push([`bound: ${r.bound.how}`, '', '', fmt(r.bound.value, r.unit), '', fmtInterval(r.boundRatio)]);
  lines.push(...mdTable(['Contender', 'n', 'min', 'median', 'p90', 'ours ÷ it (95 % CI)'], rows), '');
  for (const t of r.evaluated) lines.push(`- Target ${t.text}: **${t.verdict}**${t.interval ? ` (${fmtInterval(t.interval, t.text.includes('×') ? '×' : ` ${r.unit}`)})` : ''}`);
  if (r.load) lines.push(`- Load average before ${r.load.before.map((l) => l.toFixed(2)).join(' / ')}, after ${r.load.after.map((l) => l.toFixed(2)).join(' / ')}`);
  if (r.note) lines.push(`- ${r.note}`);
  lines.push('');
  return lines;
}

export interface BenchResults {
  machine: Machine;
  /** True for `--quick` (a smoke run: no figure may be quoted from it). */
  quick: boolean;
  /** How the figures were taken. */
  method: string[];
  /** Wall-clock seconds of the whole run. */
  seconds: number;
  rows: FigureRow[];
}

export function renderMarkdown(results: BenchResults): string {
  const rows = results.rows.map(evaluate);
  return [
    '# Benchmark results',
    '',
    results.quick
      ? '**SMOKE RUN (`npm run bench -- --quick`): too few runs, figures not to be quoted.**'
      : 'Written by `npm run bench` (test/bench/run.ts) from this run only; nothing here is edited by hand.',
    '',
    `Machine: ${machineLine(results.machine)}; the run took ${Math.round(results.seconds / 60)} min.`,
    '',
    '## Summary',
    '',
    ...summaryTable(rows),
    '',
    '## How',
    '',
    ...results.method.map((m) => `- ${m}`),
    '',
    '## Figures',
    '',
    ...rows.flatMap(figureDetail),
  ].join('\n');
}

/** Writes results.json (samples and evaluations) and results.md into `dir`. */
export function writeResults(dir: string, results: BenchResults): void {
  const json = { ...results, rows: results.rows.map(evaluate) };
  fs.writeFileSync(path.join(dir, 'results.json'), `${JSON.stringify(json, null, 2)}\n`);
  fs.writeFileSync(path.join(dir, 'results.md'), renderMarkdown(results));
}

/** The plain-text summary for the console. */
export function consoleSummary(rows: readonly FigureRow[]): string {
  return summaryTable(rows.map(evaluate)).join('\n');
}
