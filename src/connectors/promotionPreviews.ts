// The read-only documents of a Promote / Push preview and its summary, served from memory under the scheme
// `isc-connector-preview`: each file's "before" is exactly the target's bytes the upload's conflict check will
// compare with (never a second read that could differ), its "after" exactly the bytes that would be sent. The last
// few runs are kept (a closed preview can be reopened from the summary's notification); older ones are dropped.
import * as vscode from 'vscode';
import { PREVIEW_SCHEME } from '../constants';
import { encodeScriptName } from '../fs/connectorUri';
import { bytesToText } from '../fs/connectorFiles';

/** Runs whose documents are kept. */
const KEPT_RUNS = 5;

export class TransferPreviews implements vscode.TextDocumentContentProvider, vscode.Disposable {
  private readonly emitter = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.emitter.event;
  private readonly runs = new Map<number, Map<string, string>>();
  private lastRun = 0;

  dispose(): void {
    this.emitter.dispose();
    this.runs.clear();
  }

  /** Starts a run: its documents live until KEPT_RUNS newer runs started. */
  newRun(): PreviewRun {
    const id = ++this.lastRun;
    const docs = new Map<string, string>();
    this.runs.set(id, docs);
    for (const old of [...this.runs.keys()].filter((k) => k <= id - KEPT_RUNS)) this.runs.delete(old);
    // The path is what the diff editor shows (`/<tenant>/<scriptName>/<file>`); the run and side are in the query.
    const put = (path: string, side: string, text: string): vscode.Uri => {
      const uri = vscode.Uri.from({ scheme: PREVIEW_SCHEME, path, query: `run=${id}${side ? `&${side}` : ''}` });
      docs.set(uri.toString(), text);
      this.emitter.fire(uri);
      return uri;
    };
    return {
      file: (tenantId, scriptName, label, before, after) => {
        const path = `/${tenantId}/${encodeScriptName(scriptName)}/${label.replace(/[\\:*?"<>|]/g, '_')}`;
        return {
          resource: vscode.Uri.from({ scheme: PREVIEW_SCHEME, path, query: `run=${id}` }),
          before: put(path, 'before', bytesToText(before)),
          after: put(path, 'after', bytesToText(after)),
        };
      },
      summary: (markdown) => put('/summary.md', '', markdown),
    };
  }

  provideTextDocumentContent(uri: vscode.Uri): string {
    const run = Number(/(?:^|&)run=(\d+)/.exec(uri.query)?.[1]);
    return this.runs.get(run)?.get(uri.toString()) ?? vscode.l10n.t('This preview is no longer kept. Run the command again.');
  }
}

export interface PreviewRun {
  /** The documents of one file: `resource` names it in the multi-file diff, `before` ↔ `after` are its sides. */
  file(tenantId: string, scriptName: string, label: string, before: Uint8Array, after: Uint8Array): { resource: vscode.Uri; before: vscode.Uri; after: vscode.Uri };
  /** The summary document (Markdown). */
  summary(markdown: string): vscode.Uri;
}
