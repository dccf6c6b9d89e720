// The minimal views of the tenant store, the client factory, the log and the user's confirmations that connector
// documents need. Defined here so this feature does not depend on how those services are built.
import type * as vscode from 'vscode';
import type { ConnectorsApi } from '../isc/types';
import type { ConnectorFileResource } from './connectorUri';

export interface DocumentTenant {
  id: string;
  name: string;
  baseUrl: string;
  readOnly: boolean;
  confirmBeforeUpload: boolean;
}

export interface DocumentTenantLookup {
  get(id: string): DocumentTenant | undefined;
  list(): readonly DocumentTenant[];
}

export interface DocumentClientSource {
  getClient(tenantId: string): Promise<ConnectorsApi>;
}

export interface DocumentLog {
  info(component: string, message: string): void;
  warn(component: string, message: string): void;
  error(component: string, message: string, err?: unknown): void;
}

/** Upload-failure reporting into the Problems view (the language client's), when it is available. */
export interface UploadFailureReporter {
  report(uri: vscode.Uri, message: string): void;
  clear(uri: vscode.Uri): void;
}

/** Extra validation before upload (the language server's), when it is available: problems that ask before upload. */
export type ConnectorDocumentValidator = (text: string, fileName: string) => readonly string[] | Promise<readonly string[]>;

/** A save about to upload: the document, its tenant and which connector file it is. */
export interface PendingUpload {
  uri: vscode.Uri;
  tenant: DocumentTenant;
  resource: ConnectorFileResource;
}

/**
 * What the user said about an upload: go ahead, no, or not now — nobody could be asked (an automatic save), so
 * the user was told how to upload instead.
 */
export type UploadVerdict = 'upload' | 'declined' | 'deferred';

/** Asks the user before an upload when the tenant or the content calls for it (the provider never shows dialogs). */
export interface UploadConfirmations {
  /** The tenant asks for a confirmation before every upload. */
  confirmUpload(upload: PendingUpload): Promise<UploadVerdict>;
  /** The language server found problems (other than malformed XML, which is never uploaded). */
  confirmDespiteProblems(upload: PendingUpload, problems: readonly string[]): Promise<UploadVerdict>;
  /** The upload is going ahead: answers given for this document are used up. */
  uploadStarted(uri: vscode.Uri): void;
}

export interface ConnectorDocumentDeps {
  tenants: DocumentTenantLookup;
  clients: DocumentClientSource;
  log: DocumentLog;
  confirmations: UploadConfirmations;
  uploadFailures?: UploadFailureReporter;
  validate?: ConnectorDocumentValidator;
}
