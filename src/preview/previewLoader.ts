// The always-loaded part of the preview: its commands and its webview serializer. The preview itself (renderer,
// XML parser, webview plumbing) is a bundle of its own, dist/preview.js, required the first time a preview is
// opened or restored, so activation does not load it.
import * as vscode from 'vscode';
import { CommandIds } from '../constants';
import type { Logger } from '../util/logger';
import type * as PreviewModule from './previewManager';

/** The webview panel type (also in package.json's `onWebviewPanel:` activation event). */
export const PREVIEW_VIEW_TYPE = 'iscStudio.preview';

export function registerPreview(context: vscode.ExtensionContext, log: Logger): vscode.Disposable {
  let manager: PreviewModule.PreviewManagerApi | undefined;
  let disposed = false;
  const load = (): PreviewModule.PreviewManagerApi => {
    if (!manager) {
      const module = require(context.asAbsolutePath('dist/preview.js')) as typeof PreviewModule; // eslint-disable-line @typescript-eslint/no-require-imports
      manager = module.createPreviewManager(context.extensionUri, log);
    }
    return manager;
  };
  return vscode.Disposable.from(
    vscode.commands.registerCommand(CommandIds.showPreviewToSide, (uri?: unknown) => load().show(uri, true)),
    vscode.commands.registerCommand(CommandIds.showPreview, (uri?: unknown) => load().show(uri, false)),
    vscode.commands.registerCommand(CommandIds.previewState, () => manager?.snapshots() ?? []),
    vscode.window.registerWebviewPanelSerializer(PREVIEW_VIEW_TYPE, {
      deserializeWebviewPanel: async (panel, state: unknown) => {
        if (disposed) return;
        await load().restore(panel, state);
      },
    }),
    {
      dispose: () => {
        disposed = true;
        manager?.dispose();
      },
    },
  );
}
