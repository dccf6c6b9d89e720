import * as assert from 'assert';
import { normalizeBaseUrl, sameBaseUrl, slugify, uniqueTenantId } from '../../../src/tenants/tenantUrl';

describe('tenantUrl', () => {
  describe('normalizeBaseUrl', () => {
    const ok = (input: string, baseUrl: string, suggestedName: string): void => {
      assert.deepStrictEqual(normalizeBaseUrl(input), { ok: true, baseUrl, suggestedName }, input);
    };
    const problem = (input: string, p: string): void => {
      assert.deepStrictEqual(normalizeBaseUrl(input), { ok: false, problem: p }, input);
    };

    it('turns a bare tenant name into its production API URL', () => {
      ok('acme', 'https://acme.api.identitynow.com', 'acme');
      ok('  ACME-sb ', 'https://acme-sb.api.identitynow.com', 'acme-sb');
    });

    it('accepts API URLs of production, demo and FedRAMP hosts, dropping slashes and version paths', () => {
      for (const input of ['https://acme.api.identitynow.com', 'https://Acme.API.identitynow.com/', 'https://acme.api.identitynow.com/v2024', 'https://acme.api.identitynow.com/beta/']) {
        ok(input, 'https://acme.api.identitynow.com', 'acme');
      }
      ok('acme.api.identitynow-demo.com', 'https://acme.api.identitynow-demo.com', 'acme');
      ok('https://acme.api.saas.sailpointfedramp.com', 'https://acme.api.saas.sailpointfedramp.com', 'acme');
    });

    it('maps a pasted UI URL to the API host', () => {
      ok('https://acme.identitynow.com/ui/d/dashboard', 'https://acme.api.identitynow.com', 'acme');
      ok('https://acme.identitynow-demo.com', 'https://acme.api.identitynow-demo.com', 'acme');
      ok('https://acme.saas.sailpointfedramp.com', 'https://acme.api.saas.sailpointfedramp.com', 'acme');
    });

    it('accepts any other https URL (vanity hosts, gateways) and keeps its path', () => {
      ok('https://isc.example.com:8443/gateway/', 'https://isc.example.com:8443/gateway', 'isc.example.com:8443');
    });

    it('allows http only for loopback hosts', () => {
      ok('http://127.0.0.1:4567', 'http://127.0.0.1:4567', '127.0.0.1:4567');
      ok('http://localhost:8080/', 'http://localhost:8080', 'localhost:8080');
      ok('http://[::1]:9000', 'http://[::1]:9000', '[::1]:9000');
      problem('http://acme.api.identitynow.com', 'insecureHttp');
      problem('http://10.0.0.5', 'insecureHttp');
    });

    it('refuses other schemes, credentials in the URL, empty and malformed input', () => {
      problem('ftp://acme.api.identitynow.com', 'unsupportedScheme');
      problem('https://user:pw@acme.api.identitynow.com', 'credentialsInUrl');
      problem('   ', 'empty');
      problem('https://', 'invalid');
      problem('not a url', 'invalid');
    });
  });

  it('sameBaseUrl ignores case and trailing slashes', () => {
    assert.ok(sameBaseUrl('https://ACME.api.identitynow.com/', 'acme'));
    assert.ok(!sameBaseUrl('https://acme.api.identitynow.com', 'https://acme-sb.api.identitynow.com'));
  });

  it('slugify makes lower-case URI-authority-safe ids', () => {
    assert.strictEqual(slugify('ACME Sandbox (EU)'), 'acme-sandbox-eu');
    assert.strictEqual(slugify('Société Générale'), 'societe-generale');
    assert.strictEqual(slugify('127.0.0.1:4567'), '127-0-0-1-4567');
    assert.strictEqual(slugify('***'), 'tenant');
    assert.match(slugify('x'.repeat(200)), /^x{60}$/);
  });

  it('uniqueTenantId adds a counter when the slug is taken', () => {
    assert.strictEqual(uniqueTenantId('Acme', new Set()), 'acme');
    assert.strictEqual(uniqueTenantId('Acme', new Set(['acme', 'acme-2'])), 'acme-3');
  });
});
