// The local tenant for UI specs and `npm start`: runs in this Node process, on 127.0.0.1, and is handed to
// the extension through the SailPoint-standard variables SAIL_BASE_URL / SAIL_CLIENT_ID / SAIL_CLIENT_SECRET.
import { startMockTenant, type MockTenant, type MockTenantOptions } from '../mock-tenant/server';

export interface RunningUiTenant {
  baseUrl: string;
  clientId: string;
  /** Environment for code-server (inherited by the extension host). */
  env: Record<string, string>;
  tenant: MockTenant;
  close(): Promise<void>;
}

export async function startUiTenant(opts: MockTenantOptions = {}): Promise<RunningUiTenant> {
  const tenant = await startMockTenant({ seed: 'default', ...opts });
  return {
    baseUrl: tenant.url,
    clientId: tenant.clientId,
    env: { SAIL_BASE_URL: tenant.url, SAIL_CLIENT_ID: tenant.clientId, SAIL_CLIENT_SECRET: tenant.clientSecret },
    tenant,
    close: () => tenant.close(),
  };
}
