// What Promote Connector to Tenant… and Push Folder to Tenant… do, without the UI: the plan (per target connector,
// each file with the target's bytes as previewed and the bytes that would replace them), the order uploads go in,
// the run (every chosen file uploaded once through the one guarded upload, a failure never stopping the others) and
// the summary (one row per file, whatever happened to it). Pure: no 'vscode' (unit-tested with fast-check).
import { isDeepStrictEqual } from 'node:util';
import { renderConnectorDetail } from '../fs/connectorDetails';
import type { ConnectorDetail, ConnectorMetadata } from '../isc/types';
import { fileName, XML_FILE_KINDS, type ConnectorFile } from './fileKinds';
import { localesWithText } from './locales';

/** One file a transfer may replace on the target. */
export interface TransferFile {
  /** Which file of the target connector (`details` stands for its connectorMetadata). */
  readonly file: ConnectorFile;
  /** `source-config.xml`, `translations/de.properties`, `connectorMetadata (connector.json)`. */
  readonly label: string;
  /**
   * The target's content when the preview was made — exactly the bytes the upload's conflict check compares the
   * tenant's content with (for connectorMetadata: the target's whole connector.json).
   */
  readonly before: Uint8Array;
  /** What the upload sends when the file is chosen: the source's (or the folder's) exact bytes. */
  readonly after: Uint8Array;
  /** `before` and `after` are the same bytes: nothing to upload. */
  readonly identical: boolean;
  /** A fact worth showing beside the file (e.g. the locale is new on the target). */
  readonly note?: string;
}

/** Everything a transfer would change on one target connector. */
export interface ConnectorTransfer {
  readonly targetTenantId: string;
  readonly targetTenantName: string;
  readonly targetScriptName: string;
  /** Where the content comes from, for the summary: `sandbox: my-connector`, `folder …/my-connector`. */
  readonly source: string;
  /** In upload order (`uploadOrder`). */
  readonly files: readonly TransferFile[];
  /** What the transfer leaves alone and why (only on the target, not on the source, not patchable…). */
  readonly notes: readonly string[];
  /** The target has no such connector: nothing could be compared or sent for it (the notes say so). */
  readonly targetMissing?: boolean;
}

export const METADATA_LABEL = 'connectorMetadata (connector.json)';

/** Upload order: connectorMetadata first (its conflict check covers the whole connector.json, which the other
 * uploads change), then the XML files in the table's order, then translations in locale order. */
export function uploadRank(file: ConnectorFile): number {
  if (file.kind === 'details') return 0;
  if (file.kind === 'translations') return 100;
  return 1 + XML_FILE_KINDS.findIndex((k) => k.kind === file.kind);
}

export function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.byteLength !== b.byteLength) return false;
  for (let i = 0; i < a.byteLength; i++) if (a[i] !== b[i]) return false;
  return true;
}

export interface TransferFileInput {
  file: ConnectorFile;
  before: Uint8Array;
  after: Uint8Array;
  note?: string;
}

/** The files of one transfer, marked identical or not, in upload order (ties keep the input order). */
export function planFiles(inputs: readonly TransferFileInput[]): TransferFile[] {
  return inputs
    .map((input, index) => ({ input, index }))
    .sort((a, b) => uploadRank(a.input.file) - uploadRank(b.input.file) || fileName(a.input.file).localeCompare(fileName(b.input.file)) || a.index - b.index)
    .map(({ input }) => ({
      file: input.file,
      label: input.file.kind === 'details' ? METADATA_LABEL : fileName(input.file),
      before: input.before,
      after: input.after,
      identical: sameBytes(input.before, input.after),
      ...(input.note !== undefined ? { note: input.note } : {}),
    }));
}

const utf8 = new TextEncoder();

/**
 * connectorMetadata as a file: the target's connector.json as it is (`before`) and with the source's
 * connectorMetadata (`after`). Uploading `after` patches exactly /connectorMetadata; the bytes are identical
 * exactly when the two connectorMetadata are equal as JSON.
 */
export function metadataInput(targetDetail: ConnectorDetail, sourceMetadata: ConnectorMetadata | undefined): TransferFileInput {
  const before = utf8.encode(renderConnectorDetail(targetDetail));
  const after = utf8.encode(renderConnectorDetail({ ...targetDetail, connectorMetadata: sourceMetadata ?? {} }));
  return { file: { kind: 'details' }, before, after };
}

/** A connector file the API serves as a document (everything but connector.json). */
export type DocumentFile = Exclude<ConnectorFile, { kind: 'details' }>;

/** Where a transfer's content comes from: another tenant's connector, or an exported folder. */
export interface TransferSource {
  /** `sandbox: my-connector`, `folder /exports/sandbox/my-connector`. */
  readonly description: string;
  /** The XML and translations files it has, with their exact bytes. */
  readonly files: ReadonlyArray<{ file: DocumentFile; bytes: Uint8Array }>;
  /** Its connectorMetadata; undefined: it has none to transfer. */
  readonly connectorMetadata?: ConnectorMetadata;
  /** Its connector's other fields (name, type, status…): differences from the target are noted, never sent. */
  readonly fields?: Readonly<Record<string, unknown>>;
  /** Files it lacks (e.g. a 404 on the source tenant), noted. */
  readonly missing?: readonly string[];
}

/** The target connector as read for the preview. */
export interface TransferTarget {
  readonly tenantId: string;
  readonly tenantName: string;
  readonly scriptName: string;
  readonly detail: ConnectorDetail;
  /** The target's bytes of each of the source's files (by `fileName`). */
  readonly files: ReadonlyMap<string, Uint8Array>;
}

/** Connector fields that differ between tenants but are not patchable: noted, never transferred. */
export const NOT_TRANSFERRED_FIELDS = ['name', 'type', 'className', 'directConnect', 'fileUpload', 'status'] as const;

/** One target connector's transfer: a file per source file (plus connectorMetadata), and what is left alone. */
export function buildTransfer(source: TransferSource, target: TransferTarget, texts: TransferTexts = ENGLISH_TEXTS): ConnectorTransfer {
  const targetLocales = new Set(localesWithText(target.detail));
  const inputs: TransferFileInput[] = [];
  if (source.connectorMetadata !== undefined) inputs.push(metadataInput(target.detail, source.connectorMetadata));
  for (const { file, bytes } of source.files) {
    const name = fileName(file);
    const before = target.files.get(name);
    if (before === undefined) throw new Error(`The target's ${name} was not read`);
    const isNewLocale = file.kind === 'translations' && !targetLocales.has(file.locale);
    inputs.push({ file, before, after: bytes, ...(isNewLocale ? { note: texts.newLocale } : {}) });
  }
  const sourceLocales = new Set(source.files.flatMap(({ file }) => (file.kind === 'translations' ? [file.locale] : [])));
  const notes: string[] = [];
  for (const locale of targetLocales) {
    if (!sourceLocales.has(locale)) notes.push(texts.onlyOnTarget(fileName({ kind: 'translations', locale })));
  }
  for (const name of source.missing ?? []) notes.push(texts.notOnSource(name));
  const differing = NOT_TRANSFERRED_FIELDS.filter(
    (field) => source.fields !== undefined && field in source.fields && !isDeepStrictEqual(source.fields[field], (target.detail as Record<string, unknown>)[field]),
  );
  if (differing.length > 0) notes.push(texts.notTransferred(differing));
  return {
    targetTenantId: target.tenantId,
    targetTenantName: target.tenantName,
    targetScriptName: target.scriptName,
    source: source.description,
    files: planFiles(inputs),
    notes,
  };
}

// ---- the run ----

/** What happened to one file. */
export type TransferStatus =
  /** The tenant stored the new content. */
  | 'UPDATED'
  /** Identical (not sent), or sent and the tenant said UNCHANGED. */
  | 'UNCHANGED'
  /** Different, but not chosen: left as it is. */
  | 'NOT CHOSEN'
  /** Not sent: refused before upload (read-only tenant, changed on the target since the preview, malformed XML, declined). */
  | 'REFUSED'
  /** Sent and not stored: the tenant's (or the network's) error, ERROR/SKIPPED UpdateDetail. */
  | 'FAILED';

export interface TransferOutcome {
  readonly targetTenantName: string;
  readonly targetScriptName: string;
  readonly label: string;
  readonly status: TransferStatus;
  /** Why, in the guard's or the tenant's words. */
  readonly detail?: string;
  readonly trackingId?: string;
}

/** What the guarded upload returned for one file. */
export type UploadResult = 'UPDATED' | 'UNCHANGED';

/** A failed upload, classified: refused before sending, or failed at the tenant. */
export interface UploadFailure {
  status: 'REFUSED' | 'FAILED';
  detail: string;
  trackingId?: string;
}

/** The words of outcomes and the summary (the command layer passes them through l10n). */
export interface TransferTexts {
  newLocale: string;
  onlyOnTarget: (file: string) => string;
  notOnSource: (file: string) => string;
  notTransferred: (fields: readonly string[]) => string;
  identical: string;
  notChosen: string;
  tenantUnchanged: string;
  from: (source: string) => string;
  columns: readonly [file: string, result: string, details: string, trackingId: string];
  noFiles: string;
}

export const ENGLISH_TEXTS: TransferTexts = {
  newLocale: 'new locale on the target',
  onlyOnTarget: (file) => `${file} is only on the target: left as it is.`,
  notOnSource: (file) => `${file} is not on the source: left as it is on the target.`,
  notTransferred: (fields) => `${fields.join(', ')} differ(s) from the target; not transferred (not patchable).`,
  identical: 'identical on the target; not sent',
  notChosen: 'left as it is on the target',
  tenantUnchanged: 'the tenant reported it unchanged',
  from: (source) => `From ${source}.`,
  columns: ['File', 'Result', 'Details', 'trackingId'],
  noFiles: 'no files',
};

export interface TransferRun {
  /** Uploads one chosen file (through the one guarded upload). */
  upload(transfer: ConnectorTransfer, file: TransferFile): Promise<UploadResult>;
  /** What a rejection of `upload` means. */
  classify(error: unknown): UploadFailure;
  /** Told before each upload (progress). */
  onUpload?(transfer: ConnectorTransfer, file: TransferFile, index: number, count: number): void;
}

/**
 * Uploads the chosen files, transfer by transfer, in upload order, each exactly once; a refused or failed file
 * does not stop the others. Returns one outcome per file of every transfer (chosen or not), in plan order.
 */
export async function runTransfers(
  transfers: readonly ConnectorTransfer[],
  isChosen: (transfer: ConnectorTransfer, file: TransferFile) => boolean,
  run: TransferRun,
  texts: TransferTexts = ENGLISH_TEXTS,
): Promise<TransferOutcome[]> {
  const count = transfers.reduce((n, t) => n + t.files.filter((f) => isChosen(t, f)).length, 0);
  const outcomes: TransferOutcome[] = [];
  let index = 0;
  for (const transfer of transfers) {
    const row = (file: TransferFile, status: TransferStatus, detail?: string, trackingId?: string): TransferOutcome => ({
      targetTenantName: transfer.targetTenantName,
      targetScriptName: transfer.targetScriptName,
      label: file.label,
      status,
      ...(detail !== undefined ? { detail } : {}),
      ...(trackingId !== undefined ? { trackingId } : {}),
    });
    for (const file of transfer.files) {
      if (!isChosen(transfer, file)) {
        outcomes.push(file.identical ? row(file, 'UNCHANGED', texts.identical) : row(file, 'NOT CHOSEN', texts.notChosen));
        continue;
      }
      run.onUpload?.(transfer, file, index++, count);
      try {
        const result = await run.upload(transfer, file);
        outcomes.push(row(file, result, result === 'UNCHANGED' ? texts.tenantUnchanged : undefined));
      } catch (e) {
        const failure = run.classify(e);
        outcomes.push(row(file, failure.status, failure.detail, failure.trackingId));
      }
    }
  }
  return outcomes;
}

// ---- the summary ----

const STATUS_ORDER: readonly TransferStatus[] = ['UPDATED', 'UNCHANGED', 'NOT CHOSEN', 'REFUSED', 'FAILED'];

/** `2 UPDATED, 4 UNCHANGED, 1 FAILED` (statuses that occur, in a fixed order). */
export function countStatuses(outcomes: readonly TransferOutcome[]): string {
  return STATUS_ORDER.map((status) => [status, outcomes.filter((o) => o.status === status).length] as const)
    .filter(([, n]) => n > 0)
    .map(([status, n]) => `${n} ${status}`)
    .join(', ');
}

/** Some chosen file was not stored (refused or failed), or a target connector was missing: the result is partial. */
export function isPartial(transfers: readonly ConnectorTransfer[], outcomes: readonly TransferOutcome[]): boolean {
  return transfers.some((t) => t.targetMissing === true) || outcomes.some((o) => o.status === 'REFUSED' || o.status === 'FAILED');
}

function cell(text: string): string {
  return text.replace(/\\/g, '\\\\').replace(/\|/g, '\\|').replace(/\r?\n|\r/g, ' ');
}

/** The summary as a Markdown document: what was done where, one table row per file, then the notes. */
export function renderSummary(
  title: string,
  when: Date,
  transfers: readonly ConnectorTransfer[],
  outcomes: readonly TransferOutcome[],
  texts: TransferTexts = ENGLISH_TEXTS,
): string {
  const lines = [`# ${cell(title)}`, '', `${when.toISOString()} — ${countStatuses(outcomes) || texts.noFiles}`, ''];
  for (const transfer of transfers) {
    lines.push(`## ${cell(transfer.targetTenantName)}: ${cell(transfer.targetScriptName)}`, '', cell(texts.from(transfer.source)), '');
    lines.push(`| ${texts.columns.map(cell).join(' | ')} |`, '| --- | --- | --- | --- |');
    for (const o of outcomes.filter((x) => x.targetTenantName === transfer.targetTenantName && x.targetScriptName === transfer.targetScriptName)) {
      lines.push(`| ${cell(o.label)} | ${o.status} | ${cell(o.detail ?? '')} | ${cell(o.trackingId ?? '')} |`);
    }
    if (transfer.notes.length > 0) {
      lines.push('');
      for (const note of transfer.notes) lines.push(`- ${cell(note)}`);
    }
    lines.push('');
  }
  return lines.join('\n');
}
