// Errors of the pure layers reach the user through describeError in the display language: the proxy URL and base
// URL checks (src/isc) throw a LocalizedError whose l10n key describeError hands to vscode.l10n.t; `message`
// stays English for logs.
import * as assert from 'node:assert/strict';
import { parseBaseUrl } from '../../../src/isc/http';
import { parseProxyUrl } from '../../../src/isc/proxyConfig';
import type * as ErrorsModule from '../../../src/util/errors';
import { bundle, loadWithStandIn } from './l10nStandIn';

function thrown(f: () => unknown): unknown {
  try {
    f();
  } catch (e) {
    return e;
  }
  assert.fail('expected an error');
}

describe('errors of the pure layers through l10n', () => {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded after the 'vscode' stand-in is in place
  const errors = loadWithStandIn(() => require('../../../src/util/errors') as typeof ErrorsModule);
  afterEach(() => bundle.clear());

  // [what fails, how, its l10n key, a translation, what describeError shows with it]
  const cases: Array<[string, () => unknown, string, string, string]> = [
    ['a proxy setting that is not a URL', () => parseProxyUrl('http://[bad'), 'The proxy setting (http.proxy or HTTPS_PROXY) is not a valid URL, e.g. http://proxy.example.com:3128.', 'Die Proxy-Einstellung ist keine gültige URL.', 'Die Proxy-Einstellung ist keine gültige URL.'],
    ['a proxy of an unsupported scheme', () => parseProxyUrl('ftp://proxy.example.com:2121'), 'The proxy {0} is not supported: use an http://, https:// or socks5:// proxy.', 'Der Proxy {0} wird nicht unterstützt.', 'Der Proxy ftp://proxy.example.com:2121 wird nicht unterstützt.'],
    ['a base URL that is not a URL', () => parseBaseUrl('acme'), 'The ISC base URL "{0}" is not a valid URL (expected e.g. https://acme.api.identitynow.com).', 'Die ISC-Basis-URL "{0}" ist keine gültige URL.', 'Die ISC-Basis-URL "acme" ist keine gültige URL.'],
    ['a base URL with credentials', () => parseBaseUrl('https://u:p@acme.api.identitynow.com'), 'The ISC base URL must not contain a user name or password.', 'Die ISC-Basis-URL darf keine Zugangsdaten enthalten.', 'Die ISC-Basis-URL darf keine Zugangsdaten enthalten.'],
    ['a base URL with a query', () => parseBaseUrl('https://acme.api.identitynow.com/?x=1'), 'The ISC base URL must not contain a query or fragment.', 'Die ISC-Basis-URL darf keine Abfrage enthalten.', 'Die ISC-Basis-URL darf keine Abfrage enthalten.'],
  ];
  for (const [what, fails, key, translation, shown] of cases) {
    it(`shows ${what} in the display language, and logs it in English`, () => {
      bundle.set(key, translation);
      const e = thrown(fails);
      assert.equal(errors().describeError(e), shown);
      bundle.clear();
      assert.equal(errors().describeError(e), (e as Error).message);
      assert.ok(!(e as Error).message.includes(translation.slice(0, 12)));
    });
  }
});
