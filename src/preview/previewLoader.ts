// The always-loaded part of the preview: the service its commands call and its webview serializer. The preview
// itself (renderer, XML parser, webview plumbing) is a bundle of its own, dist/preview.js, required the first time a
// preview is opened or restored, so activation does not load it. Its commands are registered with every other
// command (commands/previewCommands.ts).
import * as vscode from 'vscode';
import type { Logger } from '../util/logger';
import type * as PreviewModule from './previewManager';

/** The webview panel type (also in package.json's `onWebviewPanel:` activation event). */
export const PREVIEW_VIEW_TYPE = 'iscStudio.preview';

/** The previews of this window, loaded on first use. */
export class LazyPreviews implements vscode.Disposable {
  private manager: PreviewModule.PreviewManagerApi | undefined;
  private disposed = false;
  private readonly serializer: vscode.Disposable;

  constructor(private readonly context: vscode.ExtensionContext, private readonly log: Logger) {
    this.serializer = vscode.window.registerWebviewPanelSerializer(PREVIEW_VIEW_TYPE, {
      deserializeWebviewPanel: async (panel, state: unknown) => {
        if (this.disposed) return;
        await this.load().restore(panel, state);
      },
    });
  }

  /** Opens (or reveals) the preview of `target` (a URI, a tree node, or undefined: the active editor). */
  show(target: unknown, toSide: boolean): Promise<void> {
    return this.load().show(target, toSide);
  }

  /** What each open preview shows (for the extension-host tests); none before the first preview. */
  snapshots(): PreviewModule.PreviewSnapshot[] {
    return this.manager?.snapshots() ?? [];
  }

  dispose(): void {
    this.disposed = true;
    this.serializer.dispose();
    this.manager?.dispose();
  }

  private load(): PreviewModule.PreviewManagerApi {
    if (!this.manager) {
      const module = require(this.context.asAbsolutePath('dist/preview.js')) as typeof PreviewModule; // eslint-disable-line @typescript-eslint/no-require-imports
      this.manager = module.createPreviewManager(this.context.extensionUri, this.log);
    }
    return this.manager;
  }
}
