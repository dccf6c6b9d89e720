// The language server's judgement applied to saves: its validation before upload (so the save guard and the
// Problems view agree) and its upload-failure diagnostics after a refused or failed save.
import * as vscode from 'vscode';
import { validateConnectorDocument } from '../server/validation';
import type { DocumentLog } from './documentDeps';

/** Upload-failure reporting into the Problems view (the language client's), when it is available. */
export interface UploadFailureReporter {
  report(uri: vscode.Uri, message: string): void;
  clear(uri: vscode.Uri): void;
}

/** Error-severity problems other than well-formedness (that one refuses the save outright, see saveGuard.ts). */
export function validationErrorsBeforeUpload(text: string, fileName: string): string[] {
  return validateConnectorDocument(text, fileName, undefined, undefined, vscode.l10n.t)
    .filter((p) => p.severity === 'error' && !p.malformed)
    .map((p) => vscode.l10n.t('Line {0}, column {1}: {2}', p.line, p.column, p.message));
}

/** Where upload failures go: the language service (src/language/languageService.ts). */
export interface UploadFailureSink {
  reportUploadFailure(uri: vscode.Uri, message: string): Promise<void>;
  clearUploadFailure(uri: vscode.Uri): Promise<void>;
}

/** Upload failures shown as a diagnostic on the document (until the next edit or a successful upload). */
export function languageServerUploadFailures(log: DocumentLog, sink: UploadFailureSink): UploadFailureReporter {
  const logFailure = (e: unknown) => log.warn('fs', `Could not update the upload-failure diagnostic: ${e instanceof Error ? e.message : String(e)}`);
  return {
    report: (uri: vscode.Uri, message: string) => void sink.reportUploadFailure(uri, message).catch(logFailure),
    clear: (uri: vscode.Uri) => void sink.clearUploadFailure(uri).catch(logFailure),
  };
}
