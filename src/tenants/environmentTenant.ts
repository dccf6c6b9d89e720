// Imports a tenant from the SailPoint-standard environment variables SAIL_BASE_URL, SAIL_CLIENT_ID and
// SAIL_CLIENT_SECRET (as the SailPoint CLI and SDKs read them) when all three are set and no tenant has that
// base URL. No network: the secret goes straight into SecretStorage; the log says it happened, never the secret.
import type { Logger } from '../util/logger';
import { normalizeBaseUrl } from './tenantUrl';
import type { Tenant, TenantStore } from './tenantStore';

export async function importTenantFromEnvironment(store: TenantStore, logger: Logger, env: NodeJS.ProcessEnv): Promise<Tenant | undefined> {
  const rawUrl = env.SAIL_BASE_URL?.trim();
  const clientId = env.SAIL_CLIENT_ID?.trim();
  const clientSecret = env.SAIL_CLIENT_SECRET;
  if (!rawUrl || !clientId || !clientSecret) return undefined;
  const url = normalizeBaseUrl(rawUrl);
  if (!url.ok) {
    logger.warn('tenants', `SAIL_BASE_URL is not usable (${url.problem}); no tenant imported from the environment.`);
    return undefined;
  }
  const existing = store.findByBaseUrl(url.baseUrl);
  if (existing) {
    logger.debug('tenants', `SAIL_BASE_URL ${url.baseUrl} is already tenant "${existing.name}"; nothing imported.`);
    return undefined;
  }
  const tenant = await store.add({ name: url.suggestedName, baseUrl: url.baseUrl, clientId, clientSecret });
  logger.info('tenants', `Imported tenant "${tenant.name}" (${tenant.baseUrl}, client ID ${tenant.clientId}) from SAIL_BASE_URL/SAIL_CLIENT_ID/SAIL_CLIENT_SECRET; its secret is in SecretStorage.`);
  return tenant;
}
