// `connector.json`: the ConnectorDetail as pretty JSON in a stable key order, and the JSON Patch an edit of it means.
// Pure (no 'vscode'): unit-tested in test/unit/fs/connectorDetails.test.ts.
import { isDeepStrictEqual } from 'node:util';
import { PATCHABLE_CONNECTOR_FIELDS, type ConnectorDetail, type JsonPatchOperation, type PatchableConnectorField } from '../isc/types';
import { english, type Translate } from '../util/translate';

/** Top-level keys in the order of the spec's ConnectorDetail schema; unknown keys follow, sorted. */
const DETAIL_KEY_ORDER: readonly string[] = [
  'name', 'type', 'className', 'scriptName', 'status', 'directConnect', 'fileUpload', 'connectorMetadata',
  's3Location', 'sourceConfigFrom', 'uploadedFiles', 'applicationXml', 'correlationConfigXml', 'sourceConfigXml',
  'sourceConfig', 'translationProperties',
];

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** The JSON text of a ConnectorDetail: 2-space indentation, stable key order (nested keys sorted), trailing newline. */
export function renderConnectorDetail(detail: ConnectorDetail): string {
  return `${JSON.stringify(orderDetail(detail as Record<string, unknown>), undefined, 2)}\n`;
}

function orderDetail(detail: Record<string, unknown>): Record<string, unknown> {
  const keys = Object.keys(detail);
  const known = DETAIL_KEY_ORDER.filter((k) => keys.includes(k));
  const unknown = keys.filter((k) => !DETAIL_KEY_ORDER.includes(k)).sort();
  const ordered: Record<string, unknown> = {};
  for (const k of [...known, ...unknown]) {
    if (detail[k] !== undefined) ordered[k] = sortNestedKeys(detail[k]);
  }
  return ordered;
}

function sortNestedKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortNestedKeys);
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(value).sort()) out[k] = sortNestedKeys((value as Record<string, unknown>)[k]);
    return out;
  }
  return value;
}

export type DetailMergeResult =
  | { ok: true; operations: JsonPatchOperation[]; conflicts: PatchableConnectorField[] }
  | { ok: false; reason: string };

/**
 * The JSON Patch of an edit of connector.json, judged field by field against what the editor's text was based on.
 * `base`: the detail the editor last loaded or saved (undefined: unknown — the tenant's `current` detail stands for
 * it, so every difference is the user's). The user changed a field when the edited text differs from the base in it:
 *  - a patchable field the user changed becomes one operation against `current` (none when the tenant already holds
 *    that value); when the tenant's value is no longer the base's, someone else changed that same field: it is a
 *    conflict (`conflicts`), unless the caller overwrites;
 *  - a field the user did not change is never sent, so a colleague's change of it (or a value the tenant derives,
 *    such as sourceConfig or provisioningPolicies) is kept;
 *  - a non-patchable field the user changed refuses the edit, unless the tenant holds exactly that value now.
 */
export function mergeDetailEdit(base: ConnectorDetail | undefined, current: ConnectorDetail, editedText: string, t: Translate = english): DetailMergeResult {
  const parsed = parseDetailText(editedText, t);
  if (!parsed.ok) return parsed;
  const after = parsed.value;
  const now = normalise(current as Record<string, unknown>);
  const before = base === undefined ? now : normalise(base as Record<string, unknown>);
  const changed = [...new Set([...Object.keys(before), ...Object.keys(after)])].filter((k) => !isDeepStrictEqual(before[k], after[k]));
  const forbidden = changed.filter((k) => !isPatchable(k) && !isDeepStrictEqual(now[k], after[k]));
  if (forbidden.length > 0) return { ok: false, reason: forbiddenReason(forbidden, t) };
  const operations: JsonPatchOperation[] = [];
  const conflicts: PatchableConnectorField[] = [];
  for (const field of PATCHABLE_CONNECTOR_FIELDS.filter((f) => changed.includes(f))) {
    const value = after[field];
    if (isDeepStrictEqual(now[field], value)) continue;
    if (!isDeepStrictEqual(now[field], before[field])) conflicts.push(field);
    if (value === undefined) {
      operations.push({ op: 'remove', path: `/${field}` });
      continue;
    }
    const typeProblem = checkFieldType(field, value, t);
    if (typeProblem) return { ok: false, reason: typeProblem };
    operations.push({ op: now[field] === undefined ? 'add' : 'replace', path: `/${field}`, value: value as JsonPatchOperation['value'] });
  }
  return { ok: true, operations, conflicts };
}

/** connector.json's text as its detail object, or why it is not one. */
export function parseDetailText(text: string, t: Translate = english): { ok: true; value: Record<string, Json> } | { ok: false; reason: string } {
  let edited: unknown;
  try {
    edited = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (e) {
    const where = jsonErrorLocation(text, e);
    const why = e instanceof Error ? e.message : String(e);
    return {
      ok: false,
      reason: where ? t('connector.json is not valid JSON (line {0}, column {1}): {2}', where.line, where.column, why) : t('connector.json is not valid JSON: {0}', why),
    };
  }
  if (edited === null || typeof edited !== 'object' || Array.isArray(edited)) {
    return { ok: false, reason: t('connector.json must hold one JSON object (the connector\'s details).') };
  }
  return { ok: true, value: edited as Record<string, Json> };
}

function forbiddenReason(forbidden: string[], t: Translate): string {
  return t(
    'Only {0} and {1} can be changed in connector.json; you changed {2}. Undo that change (or revert the file) and save again.',
    PATCHABLE_CONNECTOR_FIELDS.slice(0, -1).join(', '),
    PATCHABLE_CONNECTOR_FIELDS[PATCHABLE_CONNECTOR_FIELDS.length - 1],
    forbidden.map((k) => JSON.stringify(k)).join(', '),
  );
}

function isPatchable(key: string): key is PatchableConnectorField {
  return (PATCHABLE_CONNECTOR_FIELDS as readonly string[]).includes(key);
}

function checkFieldType(field: PatchableConnectorField, value: Json, t: Translate): string | undefined {
  if (field === 'connectorMetadata') {
    return value !== null && typeof value === 'object' && !Array.isArray(value) ? undefined : t('{0} must be a JSON object.', field);
  }
  return typeof value === 'string' ? undefined : t('{0} must be a string (the XML text).', field);
}

/** The detail as JSON would carry it (undefined fields dropped), so comparisons match what the file shows. */
function normalise(detail: Record<string, unknown>): Record<string, Json> {
  return JSON.parse(JSON.stringify(detail)) as Record<string, Json>;
}

/** Line and column (1-based) from a JSON.parse error's "position N", when it says one. */
function jsonErrorLocation(text: string, e: unknown): { line: number; column: number } | undefined {
  const m = e instanceof Error ? /position (\d+)/.exec(e.message) : null;
  if (!m) return undefined;
  const offset = Number(m[1]) + (text.startsWith('\uFEFF') ? 1 : 0);
  const before = text.slice(0, offset).split(/\r\n|\r|\n/);
  return { line: before.length, column: before[before.length - 1].length + 1 };
}
