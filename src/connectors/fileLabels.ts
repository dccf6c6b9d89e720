// What the user reads about a connector file kind: its description and tooltip from the file-kind table,
// through l10n (the table's English texts are the l10n keys).
import * as vscode from 'vscode';
import { DETAILS_KIND, describeFileKind as describeKind, TRANSLATIONS_KIND, xmlFileKind, type ConnectorFile } from './fileKinds';

/** "source config", "de translations", "details (connector.json)", through l10n. */
export function describeFileKind(file: ConnectorFile): string {
  return describeKind(file, vscode.l10n.t);
}

/** What the file holds: "Source config (the source's configuration form)". */
export function fileKindTooltip(file: ConnectorFile): string {
  const purpose =
    file.kind === 'translations'
      ? vscode.l10n.t(TRANSLATIONS_KIND.purpose)
      : file.kind === 'details'
        ? vscode.l10n.t(DETAILS_KIND.purpose)
        : vscode.l10n.t(xmlFileKind(file.kind).purpose);
  const what = describeFileKind(file);
  return vscode.l10n.t('{0} ({1})', what.charAt(0).toUpperCase() + what.slice(1), purpose);
}
