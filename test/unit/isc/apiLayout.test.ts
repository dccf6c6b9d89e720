// The layout table and the resolver on their own (a fake probe): the migration of old apiVersionPath values, the
// path matcher the local tenant routes with, and one collection question shared by 404s that arrive together.
import * as assert from 'node:assert/strict';
import { API_LAYOUT_IDS, API_LAYOUTS, ApiLayoutResolver, layoutOfVersionPath, matchLayoutPath, type ApiLayoutId } from '../../../src/isc/apiLayout';

describe('apiLayout: the table', () => {
  it('lists six layouts newest first, each with its own collection path', () => {
    assert.deepEqual([...API_LAYOUT_IDS], ['connectors-v1', 'v2026', 'v2025', 'v2024', 'v3', 'beta']);
    assert.equal(new Set(API_LAYOUTS.map((l) => l.collectionPath)).size, 6);
    assert.equal(API_LAYOUTS[0].collectionPath, '/connectors/v1');
  });

  it('reads old iscStudio.apiVersionPath values as layouts', () => {
    for (const [value, layout] of [
      ['/v2024', 'v2024'], ['v2025', 'v2025'], ['/v2026/', 'v2026'], ['/V3', 'v3'], ['beta', 'beta'],
      ['/connectors/v1', 'connectors-v1'], ['connectors/v1/', 'connectors-v1'],
      ['/v2099', undefined], ['', undefined], ['connectors-v1', undefined], ['/v2024/connectors', undefined],
    ] as const) {
      assert.equal(layoutOfVersionPath(value), layout, value);
    }
  });

  it('matches request paths to their layout and the segments after the collection', () => {
    assert.deepEqual(matchLayoutPath('/connectors/v1'), { layout: 'connectors-v1', rest: [] });
    assert.deepEqual(matchLayoutPath('/connectors/v1/a%2Fb/translations/no'), { layout: 'connectors-v1', rest: ['a%2Fb', 'translations', 'no'] });
    assert.deepEqual(matchLayoutPath('/v2024/connectors/x'), { layout: 'v2024', rest: ['x'] });
    assert.equal(matchLayoutPath('/v2024/connectorsx'), undefined);
    assert.equal(matchLayoutPath('/connectors/v2'), undefined);
    assert.equal(matchLayoutPath('/oauth/token'), undefined);
  });
});

describe('apiLayout: the resolver', () => {
  function resolverWith(served: Set<ApiLayoutId>) {
    const probes: ApiLayoutId[] = [];
    const resolver = new ApiLayoutResolver('auto', async (layout) => {
      probes.push(layout);
      await new Promise((r) => setTimeout(r, 5));
      return served.has(layout) ? 'served' : 'absent';
    }, { noneServed: () => new Error('none') });
    return { resolver, probes };
  }

  it('asks the collection once for 404s that arrive together, and keeps the layout when it is served', async () => {
    const { resolver, probes } = resolverWith(new Set(['v2024']));
    assert.equal(await resolver.current(), 'v2024');
    probes.length = 0;
    const answers = await Promise.all(Array.from({ length: 10 }, () => resolver.afterNotFound('v2024')));
    assert.deepEqual(answers, Array(10).fill(undefined));
    assert.deepEqual(probes, ['v2024']);
  });

  it('re-detects once for 404s that arrive together when the route is gone, and sends them all to the new layout', async () => {
    const served = new Set<ApiLayoutId>(['v2025', 'v2024']);
    const { resolver, probes } = resolverWith(served);
    assert.equal(await resolver.current(), 'v2025');
    served.delete('v2025');
    probes.length = 0;
    const answers = await Promise.all(Array.from({ length: 5 }, () => resolver.afterNotFound('v2025')));
    assert.deepEqual(answers, Array(5).fill('v2024'));
    assert.deepEqual(probes, ['v2025', 'connectors-v1', 'v2026', 'v2025', 'v2024']);
    assert.deepEqual(resolver.state, { setting: 'auto', layout: 'v2024' });
  });

  it('a pinned resolver never probes', async () => {
    let probed = false;
    const resolver = new ApiLayoutResolver('v3', async () => {
      probed = true;
      return 'absent';
    }, { noneServed: () => new Error('none') });
    assert.equal(await resolver.current(), 'v3');
    assert.equal(await resolver.afterNotFound('v3'), undefined);
    assert.equal(probed, false);
  });

  it('a probe that fails while deciding a 404 leaves the 404 standing and the layout in use', async () => {
    let fail = false;
    const resolver = new ApiLayoutResolver('auto', async () => {
      if (fail) throw new Error('503');
      return 'served';
    }, { noneServed: () => new Error('none') });
    assert.equal(await resolver.current(), 'connectors-v1');
    fail = true;
    assert.equal(await resolver.afterNotFound('connectors-v1'), undefined);
    assert.equal(resolver.state.layout, 'connectors-v1');
  });
});
