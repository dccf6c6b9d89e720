// The user's say before an upload, for the connector-document core: "Upload {file} to tenant …?" on tenants that ask
// before every upload, "Upload anyway?" when the language server found problems, and "Compare / Overwrite" when the
// tenant's content changed since the editor loaded it. A save the user made asks with a modal dialog, so the first
// Ctrl+S over a colleague's change offers Compare / Overwrite at once and Overwrite finishes that same save. With
// auto-save on, a save may be automatic and a modal would pop up while typing: such a save is refused (the edit
// stays dirty) with a notification whose buttons answer the question and save again.
import * as vscode from 'vscode';
import { fileName } from '../connectors/fileKinds';
import { describeFileKind } from '../connectors/fileLabels';
import { CommandIds } from '../constants';
import { connectorFileUri, describeFile } from './connectorFileSystem';
import { parseConnectorUri } from './connectorUri';
import type { ConflictVerdict, DocumentLog, PendingConflict, PendingUpload, UploadConfirmations, UploadVerdict } from './documentDeps';

type Question = 'confirm' | 'problems';

export class DialogUploadConfirmations implements UploadConfirmations, vscode.Disposable {
  /**
   * Per document, the questions answered with Upload in a notification: an answer is for the text the user saw then.
   * It is used up when the upload starts, and ends with the next edit, the document saved or reverted without it,
   * or its tenant or connector gone.
   */
  private readonly approved = new Map<string, Set<Question>>();
  /** Per document and question, the notification on screen (one at a time, however often auto-save tries). */
  private readonly asking = new Set<string>();
  private readonly edits: vscode.Disposable;

  constructor(private readonly log: DocumentLog) {
    this.edits = vscode.workspace.onDidChangeTextDocument((e) => {
      // Runs on every keystroke of every document: nothing to do (almost always) unless an answer is stored.
      if (this.approved.size > 0 && e.contentChanges.length > 0) this.approved.delete(e.document.uri.toString());
    });
  }

  dispose(): void {
    this.edits.dispose();
    this.approved.clear();
  }

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

  async resolveConflict(upload: PendingConflict): Promise<ConflictVerdict> {
    const uri = connectorFileUri(upload.resource);
    const what = describeFile(upload.resource);
    const message = vscode.l10n.t('The {0} was changed on tenant "{1}" since you opened it.', what, upload.tenant.name);
    const compare = vscode.l10n.t('Compare');
    const overwrite = vscode.l10n.t('Overwrite');
    if (!autoSaveIsOn(uri)) {
      const detail = vscode.l10n.t('Compare shows the tenant\'s version beside yours (nothing is uploaded). Overwrite uploads your version over the other change. Cancel keeps your edit unsaved.');
      const answer = await vscode.window.showWarningMessage(message, { modal: true, detail }, compare, overwrite);
      if (answer === overwrite) return 'overwrite';
      if (answer === compare) {
        void vscode.commands.executeCommand(CommandIds.compareWithTenant, uri);
        return 'compare';
      }
      return 'declined';
    }
    const key = `${uri.toString()}#conflict#${upload.remote}`;
    if (!this.asking.has(key)) {
      this.asking.add(key);
      void vscode.window
        .showWarningMessage(vscode.l10n.t('{0} Auto-save did not upload your edit (it is kept). Compare, then keep your edit (Overwrite) or revert to the tenant\'s version.', message), compare, overwrite)
        .then(async (choice) => {
          this.asking.delete(key);
          if (choice === compare) await vscode.commands.executeCommand(CommandIds.compareWithTenant, uri);
          else if (choice === overwrite) await vscode.commands.executeCommand(CommandIds.overwriteTenantVersion, uri, upload.remote);
        })
        .then(undefined, (e: unknown) => {
          this.asking.delete(key);
          this.log.error('fs', `Answering the conflict of ${uri.toString()} failed`, e);
        });
    }
    return 'deferred';
  }

  /** A tenant was removed or a connector deleted: answers given for its files end with it. */
  forget(tenantId: string, scriptName?: string): void {
    for (const key of [...this.approved.keys()]) {
      const resource = parseConnectorUri(vscode.Uri.parse(key));
      if (resource?.tenantId === tenantId && (scriptName === undefined || (resource.type !== 'tenant' && resource.scriptName === scriptName))) this.approved.delete(key);
    }
  }

  uploadStarted(upload: PendingUpload): void {
    this.approved.delete(connectorFileUri(upload.resource).toString());
  }

  private async ask(upload: PendingUpload, question: Question, message: string, detail: string, button: string): Promise<UploadVerdict> {
    const uri = connectorFileUri(upload.resource);
    const key = uri.toString();
    if (this.approved.get(key)?.has(question)) return 'upload';
    if (!autoSaveIsOn(uri)) {
      const answer = await vscode.window.showWarningMessage(message, { modal: true, detail }, button);
      return answer === button ? 'upload' : 'declined';
    }
    const askingKey = `${key}#${question}`;
    if (!this.asking.has(askingKey)) {
      this.asking.add(askingKey);
      void vscode.window
        .showWarningMessage(vscode.l10n.t('Auto-save is on, so nothing was uploaded yet (your edit is kept). {0} Choose "{1}" to upload now.', message, button), button)
        .then(async (answer) => {
          this.asking.delete(askingKey);
          if (answer !== button) return;
          const approved = this.approved.get(key) ?? new Set<Question>();
          approved.add(question);
          this.approved.set(key, approved);
          await this.saveAgain(uri);
        })
        .then(undefined, (e: unknown) => {
          this.asking.delete(askingKey);
          this.log.error('fs', `Uploading ${key} after the user chose ${button} failed`, e);
        });
    }
    return 'deferred';
  }

  /** Saves the document again (now with the user's answer); its failure shows as a failed save like any other. */
  private async saveAgain(uri: vscode.Uri): Promise<void> {
    const document = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
    if (!document?.isDirty) {
      // The answer was for that edit: it does not carry over to a later one.
      this.approved.delete(uri.toString());
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
