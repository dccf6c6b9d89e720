// The minimal views of the tenant store, the client factory and the log that connector documents need.
// Defined here so this feature does not depend on how those services are built.
import type * as vscode from 'vscode';
import type { ConnectorsApi } from '../isc/types';

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

export interface ConnectorDocumentDeps {
  tenants: DocumentTenantLookup;
  clients: DocumentClientSource;
  log: DocumentLog;
  uploadFailures?: UploadFailureReporter;
  validate?: ConnectorDocumentValidator;
}
