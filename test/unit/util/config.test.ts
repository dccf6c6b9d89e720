// The numeric settings are clamped to the ranges package.json declares (the outside oracle), whatever a
// settings file holds; and the settings that change where requests go, how long they wait or how much they may
// bring back are restricted in untrusted workspaces. The getters run against a stand-in for `vscode` that
// answers `workspace.getConfiguration` from a map (no VS Code in the unit stage).
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import Module from 'node:module';
import * as path from 'node:path';
import type * as ConfigModule from '../../../src/util/config';

interface SettingSchema {
  type?: string;
  default?: unknown;
  minimum?: number;
  maximum?: number;
  scope?: string;
}
const manifest = JSON.parse(fs.readFileSync(path.join(__dirname, '..', '..', '..', 'package.json'), 'utf8')) as {
  capabilities: { untrustedWorkspaces: { supported: unknown; restrictedConfigurations?: string[] } };
  contributes: { configuration: { properties: Record<string, SettingSchema> } };
};
const properties = manifest.contributes.configuration.properties;

const values = new Map<string, unknown>();
const fakeVscode = {
  workspace: {
    getConfiguration: (section: string) => ({
      get: (key: string, fallback: unknown) => (values.has(`${section}.${key}`) ? values.get(`${section}.${key}`) : fallback),
    }),
    onDidChangeConfiguration: () => ({ dispose: () => undefined }),
  },
};

type Load = (request: string, parent: unknown, isMain: boolean) => unknown;
const moduleInternals = Module as unknown as { _load: Load };

describe('settings', () => {
  let config: typeof ConfigModule;
  let originalLoad: Load;
  before(() => {
    originalLoad = moduleInternals._load;
    moduleInternals._load = function (request, parent, isMain) {
      return request === 'vscode' ? fakeVscode : originalLoad.call(this, request, parent, isMain);
    };
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded after the 'vscode' stand-in is in place
    config = require('../../../src/util/config') as typeof ConfigModule;
  });
  after(() => {
    moduleInternals._load = originalLoad;
  });
  afterEach(() => values.clear());

  const getters = (): Record<keyof typeof ConfigModule.NUMERIC_SETTINGS, () => number> => ({
    pageSize: config.getPageSize,
    requestTimeoutMs: config.getRequestTimeoutMs,
    maxResponseMegabytes: () => config.getMaxResponseBytes() / (1024 * 1024),
  });

  it('package.json declares each numeric setting as an integer with the range the code clamps to', () => {
    // (Defaults: settingsDefaults.test.ts.)
    for (const s of Object.values(config.NUMERIC_SETTINGS)) {
      const schema = properties[s.id];
      assert.ok(schema, `${s.id} is contributed`);
      assert.deepEqual(
        { type: schema.type, minimum: schema.minimum, maximum: schema.maximum },
        { type: 'integer', minimum: s.min, maximum: s.max },
        s.id,
      );
    }
    // Every numeric iscStudio setting has both bounds.
    for (const [id, schema] of Object.entries(properties)) {
      if (schema.type === 'integer' || schema.type === 'number') {
        assert.ok(schema.minimum !== undefined && schema.maximum !== undefined, `${id} has a minimum and a maximum`);
      }
    }
  });

  it('clamps every numeric setting into its package.json range, and ignores values that are not numbers', () => {
    for (const [name, get] of Object.entries(getters()) as Array<[keyof typeof ConfigModule.NUMERIC_SETTINGS, () => number]>) {
      const s = config.NUMERIC_SETTINGS[name];
      const schema = properties[s.id];
      const key = s.id;
      const read = (v: unknown) => {
        values.set(key, v);
        return get();
      };
      assert.equal(read(undefined), schema.default, `${key} unset`);
      assert.equal(read((schema.minimum as number) - 1), schema.minimum, `${key} below the minimum`);
      assert.equal(read(-5), schema.minimum, `${key} negative`);
      assert.equal(read((schema.maximum as number) + 1), schema.maximum, `${key} above the maximum`);
      assert.equal(read(2_147_483_648), schema.maximum, `${key} beyond a timer's range`);
      assert.equal(read(Number.POSITIVE_INFINITY), schema.default, `${key} infinite`);
      assert.equal(read(Number.NaN), schema.default, `${key} NaN`);
      assert.equal(read('600'), schema.default, `${key} a string`);
      assert.equal(read(null), schema.default, `${key} null`);
      const inside = Math.floor(((schema.minimum as number) + (schema.maximum as number)) / 2);
      assert.equal(read(inside + 0.7), inside, `${key} fractional: rounded down`);
    }
  });

  it('the response limit is the setting in MB, as bytes', () => {
    values.set('iscStudio.maxResponseMegabytes', 7);
    assert.equal(config.getMaxResponseBytes(), 7 * 1024 * 1024);
    values.set('iscStudio.maxResponseMegabytes', 100_000);
    assert.equal(config.getMaxResponseBytes(), 500 * 1024 * 1024);
  });

  it('untrusted workspaces: every window-scoped iscStudio setting comes only from user settings', () => {
    const trust = manifest.capabilities.untrustedWorkspaces;
    assert.equal(trust.supported, 'limited', 'restrictedConfigurations apply only with supported: "limited"');
    const windowScoped = Object.entries(properties).filter(([, s]) => (s.scope ?? 'window') === 'window').map(([id]) => id);
    for (const id of ['iscStudio.requestTimeoutMs', 'iscStudio.apiVersionPath', 'iscStudio.maxResponseMegabytes']) assert.ok(windowScoped.includes(id), id);
    assert.deepEqual([...(trust.restrictedConfigurations ?? [])].sort(), windowScoped.sort());
  });
});
