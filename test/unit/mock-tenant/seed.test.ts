import * as assert from 'node:assert/strict';
import { XMLValidator } from 'fast-xml-parser';
import { FORM_2_0_XMLNS, generateConnectors, seedDefault, seedGenerated } from '../../mock-tenant/seed';
import { XML_FILE_SEGMENTS, ConnectorStore } from '../../mock-tenant/store';
import { startMockTenant } from '../../mock-tenant/server';
import { api, fetchToken } from './helpers';

function wellFormed(bytes: Buffer): boolean {
  return XMLValidator.validate(bytes.toString('utf8').replace(/^\uFEFF/, '')) === true;
}

describe('mock tenant: seed data', () => {
  it('seeds a dozen realistic connectors with well-formed XML, Form 2.0 source configs and en/de translations', () => {
    const store = new ConnectorStore();
    seedDefault(store);
    assert.ok(store.size >= 12);
    assert.ok(store.list().some((c) => c.status === 'DEVELOPMENT'));
    assert.ok(store.list().some((c) => c.status === 'DEMO'));
    for (const c of store.list()) {
      for (const kind of XML_FILE_SEGMENTS) {
        assert.ok(wellFormed(store.getFile(c.scriptName, kind)), `${c.scriptName} ${kind}`);
      }
      assert.ok(store.getFile(c.scriptName, 'source-config').toString('utf8').includes(`xmlns="${FORM_2_0_XMLNS}"`), c.scriptName);
    }
    const ad = store.get('active-directory');
    assert.ok(ad);
    assert.match(store.getFile('active-directory', 'source-template').toString('utf8'), /featuresString="[^"]*UNLOCK/);
    assert.match(store.getFile('active-directory', 'correlation-config').toString('utf8'), /<AttributeAssignments>\s*<Filter operation="EQ"/);
    assert.match(store.getTranslation('active-directory', 'de')?.toString('utf8') ?? '', /Zeit\\u00fcberschreitung bei Verbindung/);
    assert.deepEqual(store.toDto(ad).features, ['DISCOVER_SCHEMA', 'PROVISIONING', 'SYNC_PROVISIONING', 'ENABLE', 'PASSWORD', 'SEARCH', 'AUTHENTICATE', 'UNLOCK', 'MANAGER_LOOKUP', 'GROUP_PROVISIONING']);
  });

  it('generates the same connectors for the same seed and different ones for another seed', () => {
    const a = generateConnectors(50, 7);
    const b = generateConnectors(50, 7);
    const c = generateConnectors(50, 8);
    assert.deepEqual(a.map((x) => x.name), b.map((x) => x.name));
    assert.notDeepEqual(a.map((x) => x.name), c.map((x) => x.name));
    const sa = new ConnectorStore();
    const sb = new ConnectorStore();
    seedGenerated(sa, 50, 7);
    seedGenerated(sb, 50, 7);
    const name = sa.list()[10].scriptName;
    assert.deepEqual(sa.getFile(name, 'source-template'), sb.getFile(name, 'source-template'));
  });

  it('serves a 10 000-connector tenant page by page with unique names', async () => {
    const tenant = await startMockTenant({ seed: { generated: 10_000, seed: 3, bigSourceConfigBytes: 1_000_000 }, rateLimit: false });
    try {
      assert.equal(tenant.store.size, 10_000);
      const names = new Set(tenant.store.list().map((c) => c.name));
      assert.equal(names.size, 10_000);
      const token = await fetchToken(tenant);
      const res = await api(tenant, token, '/connectors?limit=250&offset=9000&count=true');
      const released = tenant.store.list().filter((c) => c.status === 'RELEASED').length;
      assert.equal(res.headers.get('x-total-count'), String(released));
      assert.ok(released > 8000 && released < 10_000);
      const big = tenant.store.list().find((c) => c.name.endsWith(' 00000'));
      assert.ok(big);
      const xml = tenant.store.getFile(big.scriptName, 'source-config');
      assert.ok(xml.length >= 1_000_000, `size ${xml.length}`);
      assert.ok(wellFormed(xml));
      const other = tenant.store.list().find((c) => c.name.endsWith(' 00001'));
      assert.ok(other && wellFormed(tenant.store.getFile(other.scriptName, 'source-template')));
    } finally {
      await tenant.close();
    }
  });
});
