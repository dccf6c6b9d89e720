// A save whose base is no longer the tenant's content: refused, so nobody's change is overwritten silently.
// The decision (and the pending-conflict state) is ContentStates.decideWrite (contentState.ts); this module says it.
import * as vscode from 'vscode';
import { CommandIds } from '../constants';
import type { PendingConflict } from './contentState';

/**
 * The error a conflicting save throws (VS Code keeps the editor dirty). `conflict` undefined: a confirmed upload
 * whose preview is out of date. Otherwise the provider has advanced the file's mtime; when the sizes differ
 * VS Code's own "The content of the file is newer" Compare/Overwrite prompt comes with the next save, else
 * our notification (`notifyConflict`) offers the same choice and every save is refused until the user decides.
 */
export function conflictError(tenantName: string, what: string, conflict: PendingConflict | undefined): vscode.FileSystemError {
  if (!conflict) {
    return vscode.FileSystemError.FileExists(
      vscode.l10n.t('The {0} was changed on tenant "{1}" after the preview you confirmed, so nothing was uploaded. Run the upload again to see the new difference.', what, tenantName),
    );
  }
  const changed = vscode.l10n.t('The {0} was changed on tenant "{1}" since you opened it, so your edit was not uploaded (it is kept in the editor).', what, tenantName);
  const next = conflict.editorWillAsk
    ? vscode.l10n.t('Run "Compare with Tenant" to see the difference; saving again lets you compare or overwrite the tenant\'s version.')
    : vscode.l10n.t('Choose Compare or Overwrite in the notification, or revert the file to take the tenant\'s version.');
  return vscode.FileSystemError.FileExists(`${changed} ${next}`);
}

/**
 * The non-modal choice for a conflict VS Code cannot see (the tenant's new content has the editor's size):
 * Compare opens the tenant's current content beside the document, Overwrite uploads the document over it.
 */
export function notifyConflict(fileUri: vscode.Uri, tenantName: string, what: string): void {
  const compare = vscode.l10n.t('Compare');
  const overwrite = vscode.l10n.t('Overwrite');
  void vscode.window
    .showWarningMessage(
      vscode.l10n.t('The {0} was changed on tenant "{1}" since you opened it. Compare, then keep your edit (Overwrite) or revert to the tenant\'s version.', what, tenantName),
      compare,
      overwrite,
    )
    .then((choice) => {
      if (choice === compare) void vscode.commands.executeCommand(CommandIds.compareWithTenant, fileUri);
      else if (choice === overwrite) void vscode.commands.executeCommand(CommandIds.overwriteTenantVersion, fileUri);
    });
}
