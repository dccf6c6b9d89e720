// A save whose base is no longer the tenant's content: refused, so nobody's change is overwritten silently.
import * as vscode from 'vscode';

/**
 * The error a conflicting save throws. VS Code keeps the editor dirty; the provider has already advanced the
 * file's mtime, so the next save shows VS Code's "The content of the file is newer" Compare/Overwrite choice.
 */
export function conflictError(tenantName: string, what: string): vscode.FileSystemError {
  return vscode.FileSystemError.FileExists(
    `The ${what} was changed on tenant "${tenantName}" since you opened it, so your edit was not uploaded (it is kept in the editor). ` +
      'Run "Compare with Tenant" to see the difference; saving again lets you compare or overwrite the tenant\'s version.',
  );
}
