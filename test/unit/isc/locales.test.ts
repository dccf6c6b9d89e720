// The 19 locales of the spec, judged by an outside oracle: the official SDK's generated locale enum (whose YAML 1.1
// reading turned Norwegian "no" into "false", test/mock-tenant/CONTRACT.md §3.14 — the one difference allowed).
import * as assert from 'node:assert/strict';
import { GetConnectorListLocaleV2024 } from 'sailpoint-api-client';
import { CONNECTOR_LOCALES } from '../../../src/isc/types';

describe('connector locales', () => {
  it('are the 19 locales of the spec, in its order, with "no" as the string it is', () => {
    const sdk = Object.values(GetConnectorListLocaleV2024).map((l) => (l === 'false' ? 'no' : l));
    assert.equal(CONNECTOR_LOCALES.length, 19);
    assert.deepEqual([...CONNECTOR_LOCALES], sdk);
  });
});
