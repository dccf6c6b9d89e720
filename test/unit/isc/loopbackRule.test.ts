// Plain http is refused except to this machine, and both places that say so (the base URL check of the client and
// the Add Tenant input) use the one wording, true to isLoopbackHost: localhost, ::1 and all of 127.0.0.0/8.
import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { parseBaseUrl } from '../../../src/isc/http';
import { isLoopbackHost, PLAIN_HTTP_RULE } from '../../../src/isc/loopback';
import { english, translateText } from '../../../src/util/translate';
import type * as TenantCommandsModule from '../../../src/commands/tenantCommands';
import { loadWithStandIn } from '../util/l10nStandIn';

const RULE = translateText(PLAIN_HTTP_RULE, english);

describe('the plain-http rule', () => {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded after the 'vscode' stand-in is in place
  const tenantCommands = loadWithStandIn(() => require('../../../src/commands/tenantCommands') as typeof TenantCommandsModule);

  it('is worded the same by the base URL check and by the Add Tenant input', () => {
    assert.throws(() => parseBaseUrl('http://acme.api.identitynow.com'), (e: Error) => e.message.includes(RULE));
    const message = tenantCommands().baseUrlProblemMessage('insecureHttp');
    assert.ok(message.includes(RULE), message);
  });

  it('names what isLoopbackHost accepts: localhost, ::1 and every address in 127.0.0.0/8, nothing else', () => {
    for (const named of ['localhost', '::1', '127.0.0.0/8']) assert.ok(RULE.includes(named), named);
    for (const host of ['localhost', '[::1]', '127.0.0.1', '127.255.255.254', '127.1.2.3']) {
      assert.doesNotThrow(() => parseBaseUrl(`http://${host}:8080`), host);
    }
    fc.assert(
      fc.property(fc.ipV4(), (ip) => {
        assert.equal(isLoopbackHost(ip), ip.startsWith('127.'), ip);
      }),
    );
    for (const host of ['[::2]', 'localhost.example', '128.0.0.1', '10.0.0.1']) assert.ok(!isLoopbackHost(new URL(`http://${host}`).hostname), host);
  });
});
