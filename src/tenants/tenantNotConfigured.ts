// The one message for a tenant id that names no configured tenant (removed, or never added), whichever path looks
// it up: the command pickers, the connector file system, the document core, the connector repositories and the
// tenant clients. Pure: the extension shows it through vscode.l10n.t (describeError), the core through its Translate.
import { LocalizedError, localized, type LocalizedText } from '../util/translate';

export function tenantNotConfigured(tenantId: string): LocalizedText {
  return localized('Tenant "{0}" is not configured (any more). Add it with "Add Tenant…".', tenantId);
}

export class TenantNotConfiguredError extends LocalizedError {
  constructor(readonly tenantId: string) {
    super(tenantNotConfigured(tenantId));
  }
}
