// Quick fixes for the diagnostics that carry one (validation.ts puts it in Diagnostic.data): a misspelt value
// changed to the known one it resembles, the form 2.0 schema declared.
import { type CodeAction, CodeActionKind, type Diagnostic, TextEdit } from 'vscode-languageserver';
import { DIAGNOSTIC_SOURCE, type DiagnosticFixData } from './validation';

function fixOf(diagnostic: Diagnostic): DiagnosticFixData['fix'] | undefined {
  if (diagnostic.source !== DIAGNOSTIC_SOURCE) return undefined;
  const data = diagnostic.data as Partial<DiagnosticFixData> | undefined;
  const fix = data?.fix;
  if (!fix || typeof fix.title !== 'string' || typeof fix.newText !== 'string' || !fix.range) return undefined;
  return fix;
}

/** Quick fixes for the diagnostics of `uri` the client asks about. */
export function getCodeActions(uri: string, diagnostics: Diagnostic[]): CodeAction[] {
  const actions: CodeAction[] = [];
  for (const diagnostic of diagnostics) {
    const fix = fixOf(diagnostic);
    if (!fix) continue;
    actions.push({
      title: fix.title,
      kind: CodeActionKind.QuickFix,
      diagnostics: [diagnostic],
      isPreferred: true,
      edit: { changes: { [uri]: [TextEdit.replace(fix.range, fix.newText)] } },
    });
  }
  return actions;
}
