// `provisioningPolicies` of the connector detail (the /connectors/v1 docs): parsed by the tenant from the application
// XML's templates, shown in connector.json, and not editable there — an edit of it is refused naming the four
// patchable fields, while an edit of a patchable field beside it still patches just that field.
import * as assert from 'node:assert/strict';
import { mergeDetailEdit, renderConnectorDetail } from '../../../src/fs/connectorDetails';
import { IscClient } from '../../../src/isc/client';
import { PATCHABLE_CONNECTOR_FIELDS } from '../../../src/isc/types';
import { startMockTenant, type MockTenant } from '../../mock-tenant/server';

const TEMPLATE = `<?xml version='1.0' encoding='UTF-8'?>
<!DOCTYPE Application PUBLIC "sailpoint.dtd" "sailpoint.dtd">
<Application connector="sailpoint.connector.OpenConnectorAdapter" name="custom Policies" type="custom Policies">
  <Templates>
    <Template name="Create Account" usage="Create">
      <Field displayName="Login" name="login" required="true" type="string"/>
      <Field name="groups" multi="true" type="string"/>
    </Template>
  </Templates>
</Application>
`;

describe('provisioningPolicies in connector.json', () => {
  let tenant: MockTenant;
  let client: IscClient;
  before(async () => {
    tenant = await startMockTenant({ layouts: ['connectors-v1'], rateLimit: false });
    client = new IscClient({ baseUrl: tenant.url, clientId: tenant.clientId, clientSecret: tenant.clientSecret });
    await client.putConnectorSourceTemplate({ scriptName: 'okta', file: TEMPLATE });
  });
  after(async () => {
    client.dispose();
    await tenant.close();
  });

  it('comes with the detail: one policy per template, an empty array without templates', async () => {
    const detail = await client.getConnector({ scriptName: 'okta' });
    assert.deepEqual(detail.provisioningPolicies?.map((p) => [p.name, p.usageType, p.fields?.map((f) => [f.name, f.isRequired, f.isMultiValued])]), [
      ['Create Account', 'CREATE', [['login', true, false], ['groups', false, true]]],
    ]);
    assert.deepEqual((await client.getConnector({ scriptName: 'servicenow' })).provisioningPolicies, []);
    assert.match(renderConnectorDetail(detail), /"provisioningPolicies": \[\n {4}\{\n/);
  });

  it('an edit of it is refused, naming the four patchable fields', async () => {
    const detail = await client.getConnector({ scriptName: 'okta' });
    const edited = JSON.parse(renderConnectorDetail(detail)) as { provisioningPolicies: Array<{ name: string }> };
    edited.provisioningPolicies[0].name = 'Renamed';
    const result = mergeDetailEdit(undefined, detail, JSON.stringify(edited));
    assert.equal(result.ok, false);
    const reason = result.ok ? '' : result.reason;
    assert.match(reason, /"provisioningPolicies"/);
    for (const field of PATCHABLE_CONNECTOR_FIELDS) assert.ok(reason.includes(field), `${field} named in: ${reason}`);
  });

  it('beside it, an edit of connectorMetadata patches only connectorMetadata, and the tenant keeps the policies', async () => {
    const detail = await client.getConnector({ scriptName: 'okta' });
    const edited = JSON.parse(renderConnectorDetail(detail)) as { connectorMetadata: Record<string, unknown> };
    edited.connectorMetadata = { ...edited.connectorMetadata, shortDesc: 'changed' };
    const result = mergeDetailEdit(undefined, detail, JSON.stringify(edited));
    assert.ok(result.ok);
    assert.deepEqual(result.operations.map((o) => o.path), ['/connectorMetadata']);
    const updated = await client.updateConnector({ scriptName: 'okta', jsonPatchOperation: result.operations });
    assert.equal(updated.connectorMetadata?.shortDesc, 'changed');
    assert.equal(updated.provisioningPolicies?.length, 1);
  });
});
