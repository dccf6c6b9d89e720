// Every client failure is an IscApiError: arguments that cannot go on the wire (an empty scriptName, an unpaired
// surrogate in a scriptName, locale or filter, a missing locale, content of the wrong type) are refused with
// kind 'invalidRequest' before anything is sent — never a TypeError or URIError.
import * as assert from 'node:assert/strict';
import type { IscClient } from '../../../src/isc/client';
import { IscApiError } from '../../../src/isc/errors';
import type { ConnectorLocale } from '../../../src/isc/types';
import { rejectionOf, startTenantAndClient, type TenantAndClient } from './helpers';

const LONE_HIGH = 'okta\uD800';
const LONE_LOW = '\uDC00okta';

describe('IscClient refuses arguments it cannot send, as IscApiError', () => {
  let t: TenantAndClient;
  before(async () => {
    t = await startTenantAndClient({ seed: 'default', rateLimit: false });
  });
  after(async () => {
    await t.close();
  });

  const calls: Array<[string, (c: IscClient) => Promise<unknown>, RegExp]> = [
    ['getConnector with an empty scriptName', (c) => c.getConnector({ scriptName: '' }), /scriptName is empty/],
    ['deleteCustomConnector with an empty scriptName', (c) => c.deleteCustomConnector({ scriptName: '' }), /scriptName is empty/],
    ['getConnectorSourceConfig with an empty scriptName', (c) => c.getConnectorSourceConfig({ scriptName: '' }), /scriptName is empty/],
    ['putConnectorSourceTemplate with an empty scriptName', (c) => c.putConnectorSourceTemplate({ scriptName: '', file: '<x/>' }), /scriptName is empty/],
    ['getConnector with a lone high surrogate', (c) => c.getConnector({ scriptName: LONE_HIGH }), /scriptName .*unpaired surrogate/],
    ['updateConnector with a lone low surrogate', (c) => c.updateConnector({ scriptName: LONE_LOW, jsonPatchOperation: [] }), /scriptName .*unpaired surrogate/],
    ['getConnectorTranslations with a lone surrogate in the locale', (c) => c.getConnectorTranslations({ scriptName: 'okta', locale: '\uD83D' as ConnectorLocale }), /locale .*unpaired surrogate/],
    ['getConnectorTranslations with an empty locale', (c) => c.getConnectorTranslations({ scriptName: 'okta', locale: '' as ConnectorLocale }), /locale is empty/],
    ['getConnectorFileText of translations without a locale', (c) => c.getConnectorFileText({ scriptName: 'okta', kind: 'translations' }), /locale/],
    ['getConnector with a lone surrogate in the locale query', (c) => c.getConnector({ scriptName: 'okta', locale: 'de\uDFFF' as ConnectorLocale }), /locale .*unpaired surrogate/],
    ['getConnectorList with a lone surrogate in the filter', (c) => c.getConnectorList({ filters: 'name eq "\uD800"' }), /filters .*unpaired surrogate/],
    ['putConnectorFileBytes with content that is neither text nor bytes', (c) => c.putConnectorFileBytes({ scriptName: 'okta', kind: 'sourceConfig', file: 42 as unknown as string }), /content/],
    ['putConnectorFileBytes of an unknown file kind', (c) => c.putConnectorFileBytes({ scriptName: 'okta', kind: 'nope' as 'sourceConfig', file: 'x' }), /file kind/],
  ];

  for (const [title, call, text] of calls) {
    it(`${title}: IscApiError 'invalidRequest', nothing sent`, async () => {
      t.tenant.clearRequests();
      const e = await rejectionOf(call(t.client));
      assert.ok(e instanceof IscApiError, `expected IscApiError, got ${e instanceof Error ? e.name : typeof e}: ${String(e)}`);
      assert.equal(e.kind, 'invalidRequest');
      assert.equal(e.status, undefined);
      assert.match(e.message, /^The request was not sent/);
      assert.match(e.message, text);
      assert.equal(t.tenant.requests.length, 0, 'no request (not even a token request) reached the tenant');
    });
  }

  it('the client still works after refusing', async () => {
    assert.equal((await t.client.getConnector({ scriptName: 'okta' })).scriptName, 'okta');
  });
});
