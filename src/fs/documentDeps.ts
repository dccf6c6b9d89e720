// The minimal views of the tenant store, the client factory, the log and the user's say that connector documents
// need. Defined here so this feature does not depend on how those services are built. Pure (no 'vscode').
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

/** Extra validation before upload (the language server's), when it is available: problems that ask before upload. */
export type ConnectorDocumentValidator = (text: string, fileName: string) => readonly string[] | Promise<readonly string[]>;

/** An upload about to happen: which connector file, on which tenant. */
export interface PendingUpload {
  tenant: DocumentTenant;
  resource: ConnectorFileResource;
}

/** A save refused because the tenant's content changed: `remote` fingerprints that content (Overwrite covers exactly it). */
export interface PendingConflict extends PendingUpload {
  remote: string;
}

/**
 * What the user said about an upload: go ahead, no, or not now — nobody could be asked (an automatic save), so
 * the user was told how to upload instead.
 */
export type UploadVerdict = 'upload' | 'declined' | 'deferred';

/**
 * What the user chose when the tenant's content changed since their editor loaded it: upload over it (for exactly
 * that content), see the difference first (nothing uploaded), no, or not now (an automatic save: the user was
 * told and may choose Overwrite later).
 */
export type ConflictVerdict = 'overwrite' | 'compare' | 'declined' | 'deferred';

/** Asks the user before an upload when the tenant, the content or a conflict calls for it (the core never shows UI). */
export interface UploadConfirmations {
  /** The tenant asks for a confirmation before every upload. */
  confirmUpload(upload: PendingUpload): Promise<UploadVerdict>;
  /** The language server found problems (other than malformed XML, which is never uploaded). */
  confirmDespiteProblems(upload: PendingUpload, problems: readonly string[]): Promise<UploadVerdict>;
  /**
   * The tenant's content changed since the editor loaded it: Compare or Overwrite? 'deferred' promises to call
   * the Overwrite command with `conflict.remote` when the user chooses it later.
   */
  resolveConflict(conflict: PendingConflict): Promise<ConflictVerdict>;
  /** The upload is going ahead: answers given for this document are used up. */
  uploadStarted(upload: PendingUpload): void;
}
