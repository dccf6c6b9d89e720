// The quick fix of a translation key the connector's translations lack (offered by the language server): open the
// translations file and put `key=` at its end, the cursor after `=`, ready for the text. The edit is not saved:
// the user types the translation and saves (for a tenant file, that uploads it).
import * as vscode from 'vscode';
import { CommandIds } from '../constants';
import { documentKindOfFileName } from '../server/documentKind';
import { isKeyShaped, keyInsertion } from '../server/translationKeys';
import { uriOrUriStringFromArg } from './arguments';
import type { CommandHandler } from './registerCommands';

export function translationCommandHandlers(): Record<string, CommandHandler> {
  return {
    [CommandIds.addTranslation]: (uri, key) => addTranslation(uri, key),
  };
}

/** `uri`: the translations file (a URI string, as the language server sends it, or a Uri); `key`: the key to add. */
async function addTranslation(uriArg: unknown, keyArg: unknown): Promise<vscode.TextEditor> {
  const uri = uriOrUriStringFromArg(uriArg);
  // Only ever a connector translations file and a key-shaped key: the command adds nothing anywhere else.
  if (!uri || documentKindOfFileName(uri.toString()) !== 'translations') throw new Error(vscode.l10n.t('Not a connector translations file: {0}', String(uriArg)));
  if (typeof keyArg !== 'string' || !isKeyShaped(keyArg)) throw new Error(vscode.l10n.t('Not a translation key: {0}', String(keyArg)));
  const document = await vscode.workspace.openTextDocument(uri);
  const editor = await vscode.window.showTextDocument(document, { preview: false });
  const insertion = keyInsertion(document.getText(), keyArg);
  if (insertion.insert !== '') {
    const applied = await editor.edit((b) => b.insert(document.positionAt(insertion.offset), insertion.insert));
    if (!applied) throw new Error(vscode.l10n.t('Could not add {0} to {1}.', keyArg, uri.toString(true)));
  }
  const cursor = document.positionAt(insertion.cursor);
  editor.selection = new vscode.Selection(cursor, cursor);
  editor.revealRange(new vscode.Range(cursor, cursor), vscode.TextEditorRevealType.InCenterIfOutsideViewport);
  return editor;
}
