// Turns failures into what the user reads (and into the FileSystemErrors VS Code expects).
import * as vscode from 'vscode';
import { IscApiError, type IscErrorKind } from '../isc/errors';
import { LocalizedError, translateText } from './translate';

/** What to do next, per kind of failure (English; the texts are l10n keys). A cancelled request needs nothing. */
const ADVICE: Record<IscErrorKind, string> = {
  badRequest: 'Check the content and try again.',
  unauthorized: 'Check the tenant\'s client ID and secret (ISC: Update Credentials…).',
  forbidden: 'Use a personal access token of a user with ORG_ADMIN or SOURCE_ADMIN rights and the idn:connector-config scopes.',
  notFound: 'Refresh the tree: the connector may have been deleted or renamed.',
  rateLimited: 'Wait a few seconds and try again.',
  server: 'Try again in a moment; if it persists, give SailPoint support the trackingId.',
  http: 'Try again; if it persists, give SailPoint support the trackingId.',
  network: 'Check the network, proxy settings and the tenant URL, then try again.',
  timeout: 'Try again; raise iscStudio.requestTimeoutMs for slow networks.',
  updateRejected: 'Fix the content as the tenant says and save again.',
  invalidResponse: 'Try again; if it persists, check proxies between you and the tenant.',
  responseTooLarge: 'If the file really is that large, raise iscStudio.maxResponseMegabytes (up to 500); otherwise check the tenant URL and any proxy in between.',
  invalidRequest: 'Check the connector\'s script name and locale.',
  cancelled: '',
};

/** A sentence for the user: what happened (in the server's own words, with trackingId) and what to do. */
export function describeError(e: unknown): string {
  if (e instanceof IscApiError) {
    const advice = ADVICE[e.kind];
    return advice ? `${e.message} ${vscode.l10n.t(advice)}` : e.message;
  }
  if (e instanceof LocalizedError) return translateText(e.text, vscode.l10n.t);
  if (e instanceof vscode.FileSystemError) return e.message;
  if (e instanceof Error) return e.message;
  return String(e);
}

/** Maps a failure of an API call to the FileSystemError VS Code expects; the message keeps the server's words. */
export function toFileSystemError(e: unknown): vscode.FileSystemError {
  if (e instanceof vscode.FileSystemError) return e;
  const message = describeError(e);
  if (e instanceof IscApiError) {
    switch (e.kind) {
      case 'notFound':
        return vscode.FileSystemError.FileNotFound(message);
      case 'unauthorized':
      case 'forbidden':
        return vscode.FileSystemError.NoPermissions(message);
      case 'network':
      case 'timeout':
      case 'rateLimited':
        return vscode.FileSystemError.Unavailable(message);
      default:
        return new vscode.FileSystemError(message);
    }
  }
  return new vscode.FileSystemError(message);
}
