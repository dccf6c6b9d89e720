// The defaults of the iscStudio.* settings are spelled once in code (the client's constants, which
// src/util/config.ts falls back to); package.json repeats them for the Settings UI and must agree. (Ranges and
// clamping: config.test.ts.)
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { SettingIds } from '../../../src/constants';
import { DEFAULT_API_PATH, MAX_PAGE_SIZE } from '../../../src/isc/client';
import { DEFAULT_MAX_RESPONSE_BYTES, DEFAULT_TIMEOUT_MS, MEGABYTE } from '../../../src/isc/http';

interface SettingSchema {
  default?: unknown;
}

function settings(): Record<string, SettingSchema> {
  const manifest = JSON.parse(readFileSync(path.join(__dirname, '..', '..', '..', 'package.json'), 'utf8')) as {
    contributes: { configuration: { properties: Record<string, SettingSchema> } | { properties: Record<string, SettingSchema> }[] };
  };
  const configuration = manifest.contributes.configuration;
  return Object.assign({}, ...(Array.isArray(configuration) ? configuration : [configuration]).map((c) => c.properties));
}

describe('settings defaults', () => {
  it('package.json shows the defaults the code falls back to', () => {
    const s = settings();
    assert.equal(s[SettingIds.pageSize].default, MAX_PAGE_SIZE);
    assert.equal(s[SettingIds.requestTimeoutMs].default, DEFAULT_TIMEOUT_MS);
    assert.equal(s[SettingIds.maxResponseMegabytes].default, DEFAULT_MAX_RESPONSE_BYTES / MEGABYTE);
    assert.equal(s[SettingIds.apiVersionPath].default, `/${DEFAULT_API_PATH}`);
  });
});
