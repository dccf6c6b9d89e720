// The user's say before an upload, for the provider: "Upload {file} to tenant …?" on tenants that ask before every
// upload, and "Upload anyway?" when the language server found problems. A save the user made asks with a modal
// dialog. With auto-save on, a save may be automatic and a modal would pop up while typing: such a save is
// refused (the edit stays dirty) with a notification whose Upload button uploads the document.
import * as vscode from 'vscode';
import { fileName } from '../connectors/fileKinds';
import { describeFileKind } from '../connectors/fileLabels';
import type { DocumentLog, PendingUpload, UploadConfirmations, UploadVerdict } from './documentDeps';

type Question = 'confirm' | 'problems';

export class DialogUploadConfirmations implements UploadConfirmations {
  /** Per document, the questions answered with Upload in a notification (used up when the upload starts). */
  private readonly approved = new Map<string, Set<Question>>();
  /** Per document, the notification on screen (one at a time, however often auto-save tries). */
  private readonly asking = new Set<string>();

  constructor(private readonly log: DocumentLog) {}

  confirmUpload(upload: PendingUpload): Promise<UploadVerdict> {
    const { tenant, resource } = upload;
    const question = vscode.l10n.t('Upload {0} of connector "{1}" to tenant "{2}"?', fileName(resource.file), resource.scriptName, tenant.name);
    const detail = vscode.l10n.t('The tenant ({0}) asks for confirmation before every upload. Its current {1} will be replaced.', tenant.baseUrl, describeFileKind(resource.file));
    return this.ask(upload, 'confirm', question, detail, vscode.l10n.t('Upload'));
  }

  confirmDespiteProblems(upload: PendingUpload, problems: readonly string[]): Promise<UploadVerdict> {
    const question = vscode.l10n.t('{0} has {1} validation problem(s). Upload it to tenant "{2}" anyway?', fileName(upload.resource.file), problems.length, upload.tenant.name);
    return this.ask(upload, 'problems', question, problems.slice(0, 10).join('\n'), vscode.l10n.t('Upload Anyway'));
  }

  uploadStarted(uri: vscode.Uri): void {
    this.approved.delete(uri.toString());
  }

  private async ask(upload: PendingUpload, question: Question, message: string, detail: string, button: string): Promise<UploadVerdict> {
    const key = upload.uri.toString();
    if (this.approved.get(key)?.has(question)) return 'upload';
    if (!autoSaveIsOn(upload.uri)) {
      const answer = await vscode.window.showWarningMessage(message, { modal: true, detail }, button);
      return answer === button ? 'upload' : 'declined';
    }
    if (!this.asking.has(key)) {
      this.asking.add(key);
      void vscode.window
        .showWarningMessage(vscode.l10n.t('Auto-save is on, so nothing was uploaded yet (your edit is kept). {0} Choose "{1}" to upload now.', message, button), button)
        .then(async (answer) => {
          this.asking.delete(key);
          if (answer !== button) return;
          const approved = this.approved.get(key) ?? new Set<Question>();
          approved.add(question);
          this.approved.set(key, approved);
          await this.saveAgain(upload.uri);
        })
        .then(undefined, (e: unknown) => {
          this.asking.delete(key);
          this.log.error('fs', `Uploading ${key} after the user chose ${button} failed`, e);
        });
    }
    return 'deferred';
  }

  /** Saves the document again (now with the user's answer); its failure shows as a failed save like any other. */
  private async saveAgain(uri: vscode.Uri): Promise<void> {
    const document = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
    if (!document?.isDirty) {
      this.log.warn('fs', `${uri.toString()} is no longer open with unsaved changes; nothing to upload.`);
      return;
    }
    await document.save();
  }
}

/** `files.autoSave` is anything but "off" for this document: a save may not be the user's own. */
function autoSaveIsOn(uri: vscode.Uri): boolean {
  return vscode.workspace.getConfiguration('files', uri).get<string>('autoSave', 'off') !== 'off';
}
