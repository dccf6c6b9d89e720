// API layouts (src/isc/apiLayout.ts) through the real client against the local tenant serving a chosen subset of
// layouts: the 13 operations under each layout with default options ('auto'), detection newest first, once per
// client, fallback, a route that disappears, a 404 for a missing connector that never re-detects, pinned layouts.
import * as assert from 'node:assert/strict';
import * as fc from 'fast-check';
import { API_LAYOUT_IDS, API_LAYOUTS, apiLayout, type ApiLayoutId } from '../../../src/isc/apiLayout';
import { IscClient } from '../../../src/isc/client';
import { IscApiError } from '../../../src/isc/errors';
import { startMockTenant, type MockTenant } from '../../mock-tenant/server';
import { apiRequests, jsonResponse, rejectionOf, startRawServer } from './helpers';

const FORM2 = 'http://www.sailpoint.com/xsd/sailpoint_form_2_0.xsd';
const SOURCE_CONFIG = `\uFEFF<?xml version="1.0" encoding="UTF-8"?>\r\n<Form xmlns="${FORM2}" name="custom Ünïcode ✓" type="SourceConfig">\r\n  <BaseConfig/>\r\n</Form>\r\n`;
const TEMPLATE = `<?xml version='1.0' encoding='UTF-8'?>\n<Application connector="sailpoint.connector.OpenConnectorAdapter" name="custom Layout" type="custom Layout"/>\n`;
const CORRELATION = `<?xml version='1.0' encoding='UTF-8'?>\n<CorrelationConfig name="c"><AttributeAssignments/></CorrelationConfig>\n`;
const TRANSLATIONS = '# Norsk\r\nShortDesc=Bl\\u00E5b\u00E6r \u2713\r\n';

function collection(layout: ApiLayoutId): string {
  return apiLayout(layout).collectionPath;
}

/** `GET <collection>?limit=1`: the probe of one layout. */
function isProbe(path: string): boolean {
  return API_LAYOUTS.some((l) => path === `${l.collectionPath}?limit=1`);
}

interface Setup {
  tenant: MockTenant;
  client: IscClient;
  detected: ApiLayoutId[];
  close(): Promise<void>;
}

async function setup(layouts: readonly ApiLayoutId[], clientOptions: ConstructorParameters<typeof IscClient>[1] = {}): Promise<Setup> {
  const tenant = await startMockTenant({ layouts, rateLimit: false });
  const detected: ApiLayoutId[] = [];
  const client = new IscClient(
    { baseUrl: tenant.url, clientId: tenant.clientId, clientSecret: tenant.clientSecret },
    { retryBaseDelayMs: 1, onApiLayoutDetected: (l) => detected.push(l), ...clientOptions },
  );
  return {
    tenant,
    client,
    detected,
    close: async () => {
      client.dispose();
      await tenant.close();
    },
  };
}

const calls = (tenant: MockTenant): string[] => apiRequests(tenant).map((r) => `${r.method} ${r.path} ${r.status ?? '-'}`);

describe('API layouts: the 13 operations with default options under each layout a tenant may serve alone', () => {
  for (const layout of API_LAYOUT_IDS) {
    it(`a tenant serving only ${collection(layout)}: detected with ${API_LAYOUT_IDS.indexOf(layout) + 1} probe(s), then every operation works there`, async () => {
      const s = await setup([layout]);
      try {
        const base = collection(layout);
        const { client, tenant } = s;
        // 1 getConnectorList (detection first: every newer layout 404, then this one)
        const listed = await client.getConnectorList({ limit: 3 });
        const newer = API_LAYOUT_IDS.slice(0, API_LAYOUT_IDS.indexOf(layout));
        assert.deepEqual(calls(tenant), [
          ...newer.map((l) => `GET ${collection(l)}?limit=1 404`),
          `GET ${base}?limit=1 200`,
          `GET ${base}?limit=3 200`,
        ]);
        assert.equal(listed.length, 3);
        assert.deepEqual(s.detected, [layout]);
        assert.deepEqual(client.apiLayoutState(), { setting: 'auto', layout });
        tenant.clearRequests();

        // 2 getConnectorPage with X-Total-Count
        const page = await client.getConnectorPage({ limit: 2, count: true });
        assert.equal(page.total, tenant.store.list().filter((c) => c.status === 'RELEASED').length);
        // 3 createCustomConnector
        const created = await client.createCustomConnector({ v3CreateConnectorDto: { name: 'Layout Test', className: 'sailpoint.connector.OpenConnectorAdapter' } });
        const scriptName = created.scriptName as string;
        assert.ok(tenant.store.get(scriptName));
        // 4 getConnector
        assert.equal((await client.getConnector({ scriptName, locale: 'no' })).name, 'Layout Test');
        // 5 updateConnector
        const patched = await client.updateConnector({ scriptName, jsonPatchOperation: [{ op: 'replace', path: '/connectorMetadata', value: { shortDesc: layout } }] });
        assert.deepEqual(patched.connectorMetadata, { shortDesc: layout });
        // 6–11 the three XML files, exact bytes both ways
        assert.equal((await client.putConnectorSourceConfig({ scriptName, file: SOURCE_CONFIG })).status, 'UPDATED');
        assert.equal(await client.getConnectorSourceConfig({ scriptName }), SOURCE_CONFIG);
        assert.equal((await client.putConnectorSourceTemplate({ scriptName, file: TEMPLATE })).status, 'UPDATED');
        assert.equal(await client.getConnectorSourceTemplate({ scriptName }), TEMPLATE);
        assert.equal((await client.putConnectorCorrelationConfig({ scriptName, file: CORRELATION })).status, 'UPDATED');
        assert.equal(await client.getConnectorCorrelationConfig({ scriptName }), CORRELATION);
        // 12–13 translations
        assert.equal((await client.putConnectorTranslations({ scriptName, locale: 'no', file: TRANSLATIONS })).status, 'UPDATED');
        assert.equal(await client.getConnectorTranslations({ scriptName, locale: 'no' }), TRANSLATIONS);
        assert.ok(tenant.store.getFile(scriptName, 'source-config').equals(Buffer.from(SOURCE_CONFIG, 'utf8')));
        // 14 deleteCustomConnector
        await client.deleteCustomConnector({ scriptName });
        assert.equal(tenant.store.get(scriptName), undefined);

        // Every request went to this layout, none was probed again, all succeeded.
        const enc = encodeURIComponent(scriptName);
        assert.deepEqual(calls(tenant), [
          `GET ${base}?limit=2&count=true 200`,
          `POST ${base} 200`,
          `GET ${base}/${enc}?locale=no 200`,
          `PATCH ${base}/${enc} 200`,
          `PUT ${base}/${enc}/source-config 200`,
          `GET ${base}/${enc}/source-config 200`,
          `PUT ${base}/${enc}/source-template 200`,
          `GET ${base}/${enc}/source-template 200`,
          `PUT ${base}/${enc}/correlation-config 200`,
          `GET ${base}/${enc}/correlation-config 200`,
          `PUT ${base}/${enc}/translations/no 200`,
          `GET ${base}/${enc}/translations/no 200`,
          `DELETE ${base}/${enc} 204`,
        ]);
      } finally {
        await s.close();
      }
    });
  }
});

describe('API layouts: detection and fallback', () => {
  let s: Setup | undefined;
  afterEach(async () => {
    await s?.close();
    s = undefined;
  });

  it('a tenant serving every layout is used under the newest, /connectors/v1, after one probe', async () => {
    s = await setup(API_LAYOUT_IDS);
    await s.client.getConnector({ scriptName: 'servicenow' });
    assert.deepEqual(calls(s.tenant), ['GET /connectors/v1?limit=1 200', 'GET /connectors/v1/servicenow 200']);
  });

  it('falls back to the newest layout served: v2024 and v3 served → v2024', async () => {
    s = await setup(['v2024', 'v3']);
    await s.client.getConnectorSourceConfig({ scriptName: 'servicenow' });
    assert.deepEqual(calls(s.tenant), [
      'GET /connectors/v1?limit=1 404',
      'GET /v2026/connectors?limit=1 404',
      'GET /v2025/connectors?limit=1 404',
      'GET /v2024/connectors?limit=1 200',
      'GET /v2024/connectors/servicenow/source-config 200',
    ]);
  });

  it('detects once per client, however many requests wait for it; another client detects for itself', async () => {
    s = await setup(['v2025']);
    await Promise.all(['servicenow', 'okta', 'slack', 'workday'].map((scriptName) => s?.client.getConnector({ scriptName })));
    const probes = () => apiRequests((s as Setup).tenant).filter((r) => isProbe(r.path));
    assert.equal(probes().length, 3, 'connectors/v1, v2026, v2025: one detection');
    await s.client.getConnectorList({ limit: 5 });
    assert.equal(probes().length, 3, 'no probe once the layout is known');
    const other = new IscClient({ baseUrl: s.tenant.url, clientId: s.tenant.clientId, clientSecret: s.tenant.clientSecret });
    try {
      await other.getConnectorList({ limit: 5 });
      assert.equal(probes().length, 6);
    } finally {
      other.dispose();
    }
  });

  it('a 404 for a missing connector is asked of the collection once, stands, and never re-detects', async () => {
    s = await setup(['connectors-v1', 'v2024']);
    await s.client.getConnectorList({ limit: 2 });
    s.tenant.clearRequests();
    const e = await rejectionOf(s.client.getConnectorSourceConfig({ scriptName: 'no-such-connector' }));
    assert.ok(e instanceof IscApiError);
    assert.equal(e.kind, 'notFound');
    assert.match(e.message, /Connector with scriptName "no-such-connector" was not found/);
    assert.deepEqual(calls(s.tenant), [
      'GET /connectors/v1/no-such-connector/source-config 404',
      'GET /connectors/v1?limit=1 200',
    ]);
    assert.deepEqual(s.detected, ['connectors-v1']);
    assert.deepEqual(s.client.apiLayoutState(), { setting: 'auto', layout: 'connectors-v1' });
  });

  it('a collection route that disappears is found again under the newest layout still served, and the request is sent there', async () => {
    s = await setup(['connectors-v1', 'v2024']);
    await s.client.getConnectorList({ limit: 2 });
    s.tenant.layouts.drop('connectors-v1');
    s.tenant.clearRequests();
    const text = await s.client.getConnectorCorrelationConfig({ scriptName: 'servicenow' });
    assert.equal(text, s.tenant.store.getFile('servicenow', 'correlation-config').toString('utf8'));
    assert.deepEqual(calls(s.tenant), [
      'GET /connectors/v1/servicenow/correlation-config 404',
      'GET /connectors/v1?limit=1 404',
      'GET /connectors/v1?limit=1 404',
      'GET /v2026/connectors?limit=1 404',
      'GET /v2025/connectors?limit=1 404',
      'GET /v2024/connectors?limit=1 200',
      'GET /v2024/connectors/servicenow/correlation-config 200',
    ]);
    assert.deepEqual(s.detected, ['connectors-v1', 'v2024']);
    s.tenant.clearRequests();
    await s.client.getConnector({ scriptName: 'servicenow' });
    assert.deepEqual(calls(s.tenant), ['GET /v2024/connectors/servicenow 200']);
  });

  it('an upload whose route disappeared is sent once more under the new layout and stored once', async () => {
    s = await setup(['v2026', 'v2025']);
    await s.client.getConnectorList({ limit: 2 });
    s.tenant.layouts.drop('v2026');
    s.tenant.clearRequests();
    const detail = await s.client.putConnectorCorrelationConfig({ scriptName: 'okta', file: CORRELATION });
    assert.equal(detail.status, 'UPDATED');
    const puts = apiRequests(s.tenant).filter((r) => r.method === 'PUT');
    assert.deepEqual(puts.map((r) => `${r.path} ${r.status}`), ['/v2026/connectors/okta/correlation-config 404', '/v2025/connectors/okta/correlation-config 200']);
    assert.ok(s.tenant.store.getFile('okta', 'correlation-config').equals(Buffer.from(CORRELATION)));
  });

  it('a pinned layout is never probed, and its 404 stays a 404 even when another layout is served', async () => {
    s = await setup(['v2025'], { apiLayout: 'v2024' });
    const e = await rejectionOf(s.client.getConnector({ scriptName: 'servicenow' }));
    assert.ok(e instanceof IscApiError);
    assert.equal(e.status, 404);
    assert.deepEqual(calls(s.tenant), ['GET /v2024/connectors/servicenow 404']);
    assert.deepEqual(s.client.apiLayoutState(), { setting: 'v2024', layout: 'v2024' });
    assert.deepEqual(s.detected, []);
  });

  it('no layout served: a notFound naming every path tried; detection runs again on the next call', async () => {
    s = await setup([]);
    const e = await rejectionOf(s.client.getConnectorList());
    assert.ok(e instanceof IscApiError);
    assert.equal(e.kind, 'notFound');
    for (const l of API_LAYOUTS) assert.ok(e.message.includes(l.collectionPath), `${l.collectionPath} named in: ${e.message}`);
    assert.equal(apiRequests(s.tenant).length, API_LAYOUT_IDS.length);
    s.tenant.layouts.serve('beta');
    assert.ok((await s.client.getConnectorList({ limit: 1 })).length > 0);
    assert.deepEqual(s.client.apiLayoutState(), { setting: 'auto', layout: 'beta' });
  });

  it('a probe answered with anything but 404/410 fails the request as it is (here 403) and is not remembered', async () => {
    s = await setup(['v2024']);
    s.tenant.faults.inject({ status: 403 }, { match: { pathIncludes: '/connectors/v1?limit=1' } });
    const e = await rejectionOf(s.client.getConnectorList({ limit: 3 }));
    assert.ok(e instanceof IscApiError);
    assert.equal(e.kind, 'forbidden');
    assert.equal(s.client.apiLayoutState().layout, undefined);
    assert.equal((await s.client.getConnectorList({ limit: 3 })).length, 3);
    assert.equal(s.client.apiLayoutState().layout, 'v2024');
  });

  it('410 Gone counts as a route that is not served', async () => {
    s = await setup(['v3']);
    s.tenant.faults.inject({ status: 410, body: { message: 'v2026 has reached end of life' } }, { match: { pathIncludes: '/v2026/' }, times: Infinity });
    await s.client.getConnectorList({ limit: 1 });
    assert.equal(s.client.apiLayoutState().layout, 'v3');
  });

  it('an argument that cannot be sent is refused before anything is sent, the layout probe included', async () => {
    s = await setup(['v2024']);
    await assert.rejects(s.client.getConnector({ scriptName: '' }));
    assert.equal(s.tenant.requests.length, 0);
  });

  it('a gateway that answers unknown routes with its own short text 404 is detected the same way', async () => {
    const server = await startRawServer((req, res) => {
      if (req.url.startsWith('/v2025/connectors')) {
        jsonResponse(res, 200, req.url.includes('/okta') ? { scriptName: 'okta' } : []);
        return;
      }
      res.writeHead(404, { 'content-type': 'text/plain' });
      res.end('404 page not found');
    });
    const client = new IscClient({ baseUrl: server.url, clientId: 'id', clientSecret: 'secret' });
    try {
      assert.equal((await client.getConnector({ scriptName: 'okta' })).scriptName, 'okta');
      assert.deepEqual(server.requests.slice(1).map((r) => r.url), [
        '/connectors/v1?limit=1',
        '/v2026/connectors?limit=1',
        '/v2025/connectors?limit=1',
        '/v2025/connectors/okta',
      ]);
    } finally {
      client.dispose();
      await server.close();
    }
  });
});

// ---- model-based: any sequence of layout changes and requests, against the real client and local tenant ----

type Command =
  | { kind: 'drop'; layout: ApiLayoutId }
  | { kind: 'serve'; layout: ApiLayoutId }
  | { kind: 'get'; existing: boolean }
  | { kind: 'list' };

const commandArb: fc.Arbitrary<Command> = fc.oneof(
  fc.record({ kind: fc.constant('drop' as const), layout: fc.constantFrom(...API_LAYOUT_IDS) }),
  fc.record({ kind: fc.constant('serve' as const), layout: fc.constantFrom(...API_LAYOUT_IDS) }),
  fc.record({ kind: fc.constant('get' as const), existing: fc.boolean() }),
  fc.constant({ kind: 'list' as const }),
);

/** The model: which layouts are served and which one the client uses. */
interface Model {
  served: Set<ApiLayoutId>;
  current: ApiLayoutId | undefined;
}

function newest(served: Set<ApiLayoutId>): ApiLayoutId | undefined {
  return API_LAYOUT_IDS.find((l) => served.has(l));
}

/** Probes one detection sends: up to and including the newest served layout (all of them when none is served). */
function detectionProbes(served: Set<ApiLayoutId>): number {
  const n = newest(served);
  return n === undefined ? API_LAYOUT_IDS.length : API_LAYOUT_IDS.indexOf(n) + 1;
}

describe('API layouts: model-based (fast-check) against the real client and the local tenant', function () {
  this.timeout(120_000);

  it('re-detects only when the layout in use is gone (never for a missing connector), with exactly the probes the model predicts', async () => {
    await fc.assert(
      fc.asyncProperty(fc.subarray([...API_LAYOUT_IDS]), fc.array(commandArb, { minLength: 1, maxLength: 12 }), async (initial, commands) => {
        const s = await setup(initial);
        const model: Model = { served: new Set(initial), current: undefined };
        try {
          for (const command of commands) {
            if (command.kind === 'drop') {
              s.tenant.layouts.drop(command.layout);
              model.served.delete(command.layout);
              continue;
            }
            if (command.kind === 'serve') {
              s.tenant.layouts.serve(command.layout);
              model.served.add(command.layout);
              continue;
            }
            // The model's prediction for one request.
            const missing = command.kind === 'get' && !command.existing;
            let probes = 0;
            if (model.current === undefined) {
              // First use (or no layout was served last time): detection; a 404 that follows is then asked once.
              probes += detectionProbes(model.served);
              model.current = newest(model.served);
              if (model.current !== undefined && missing) probes += 1;
            } else if (!model.served.has(model.current)) {
              // The layout in use is gone: the collection question, then detection; the request is sent once more.
              probes += 1 + detectionProbes(model.served);
              model.current = newest(model.served);
            } else if (missing) {
              probes += 1; // the collection question: served, so the 404 stands
            }
            const reachable = newest(model.served) !== undefined;
            const expectOk = reachable && (command.kind === 'list' || command.existing);

            s.tenant.clearRequests();
            let ok = true;
            let error: unknown;
            try {
              if (command.kind === 'list') await s.client.getConnectorList({ limit: 2 });
              else await s.client.getConnector({ scriptName: command.existing ? 'servicenow' : 'no-such-connector' });
            } catch (e) {
              ok = false;
              error = e;
            }
            assert.equal(ok, expectOk, `${JSON.stringify(command)} with ${[...model.served].join(',') || 'nothing'} served: ${String(error)}`);
            if (!ok) assert.ok(error instanceof IscApiError && error.kind === 'notFound', String(error));
            const sentProbes = apiRequests(s.tenant).filter((r) => isProbe(r.path)).length;
            assert.equal(sentProbes, probes, `probes for ${JSON.stringify(command)}`);
            if (reachable) assert.equal(s.client.apiLayoutState().layout, model.current);
          }
        } finally {
          await s.close();
        }
      }),
      { numRuns: 40 },
    );
  });
});
