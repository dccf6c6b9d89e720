// I5 against the local tenant (test/mock-tenant, `echo` fault) and the real IscClient: the client secret and the
// access token echoed in any encoding (percent-encoded, form-encoded, JSON-escaped, HTML references, split by
// whitespace or invisible characters, Basic base64, line-wrapped base64, base64 inside a longer base64 text, hex
// dumps and `\xNN` escapes, cut to its first or last 60%, in another charset) and in any place (an error body of any
// status, the UpdateDetail of a 2xx PUT whatever its status, a PATCH reply, a GET's content) never reaches an
// error, a returned value shown to the user, or a log line. Every output is searched with the independent scanner
// (secretScan.ts); each case first checks that the tenant really sent the secret.
import * as assert from 'node:assert/strict';
import { inspect } from 'node:util';
import * as fc from 'fast-check';
import { IscClient } from '../../../src/isc/client';
import { IscApiError } from '../../../src/isc/errors';
import { MIN_ENCODED_SECRET_LENGTH } from '../../../src/isc/redact';
import type { EchoContext, EchoReply } from '../../mock-tenant/faults';
import { startMockTenant, type MockTenant } from '../../mock-tenant/server';
import { findSecrets, textsOfError, type NamedSecret } from './secretScan';

type Encoding = (value: string, ctx: EchoContext) => string;

const hex = (v: string) => Buffer.from(v, 'utf8').toString('hex');
const INVISIBLE = ['\u200b', '\u200c', '\u200d', '\u2060', '\ufeff', '\u00ad'];
const pctAll = (v: string) => [...Buffer.from(v, 'utf8')].map((b) => `%${b.toString(16).toUpperCase().padStart(2, '0')}`).join('');
const ENCODINGS: Record<string, Encoding> = {
  raw: (v) => v,
  'percent-encoded (every character)': pctAll,
  'percent-encoded (lower-case hex)': (v) => pctAll(v).toLowerCase(),
  'form-encoded (client_secret=…)': (v) => `client_id=x&client_secret=${new URLSearchParams({ v }).toString().slice(2)}&grant_type=client_credentials`,
  'JSON-escaped (\\uXXXX every character)': (v) => [...v].map((c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`).join(''),
  'JSON-escaped (\\/ for /)': (v) => JSON.stringify(v).slice(1, -1).replace(/\//g, '\\/'),
  'HTML decimal references': (v) => [...v].map((c) => `&#${c.codePointAt(0)};`).join(''),
  'HTML hex references': (v) => [...v].map((c) => `&#x${(c.codePointAt(0) as number).toString(16)};`).join(''),
  'HTML-escaped text': (v) => v.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/"/g, '&quot;'),
  'split by line wrapping (every 7 characters)': (v) => v.replace(/(.{7})/g, '$1\r\n  '),
  'split by spaces (every 3 characters)': (v) => v.replace(/(.{3})/g, '$1 '),
  'Basic base64(clientId:value)': (v, ctx) => `Authorization: Basic ${Buffer.from(`${ctx.clientId}:${v}`, 'utf8').toString('base64')}`,
  'base64 wrapped at 8 characters': (v) => Buffer.from(v, 'utf8').toString('base64').replace(/(.{8})/g, '$1\n'),
  'JSON-escaped percent-encoding': (v) => JSON.stringify(encodeURIComponent(v)).slice(1, -1).replace(/%/g, '\\u0025'),
  'hex (lower case, contiguous)': (v) => hex(v),
  'hex (upper case, colon-separated)': (v) => hex(v).toUpperCase().replace(/(..)(?=.)/g, '$1:'),
  'hex dump (spaced pairs, 16 bytes a line)': (v) => hex(v).replace(/(..)/g, '$1 ').replace(/((?:.. ){16})/g, '$1\n'),
  '\\xNN escapes': (v) => hex(v).replace(/(..)/g, '\\x$1'),
  'hex dump of the token request body': (v, ctx) => hex(`grant_type=client_credentials&client_id=${ctx.clientId}&client_secret=${new URLSearchParams({ v }).toString().slice(2)}`),
  'cut: its first 60% ("…")': (v) => `${v.slice(0, Math.ceil(v.length * 0.6))}…`,
  'its last 60%': (v) => `…${v.slice(-Math.ceil(v.length * 0.6))}`,
  'base64 of its first 60%': (v) => Buffer.from(v.slice(0, Math.ceil(v.length * 0.6)), 'utf8').toString('base64'),
  'base64url inside a longer base64 text (byte offset 1)': (v) => Buffer.from(`x${v}!`, 'utf8').toString('base64url'),
  'base64 inside a longer base64 text (byte offset 2)': (v) => Buffer.from(`xy${v}!?`, 'utf8').toString('base64'),
  'split by invisible characters (U+200B/C/D, U+2060, U+FEFF, U+00AD)': (v) => [...v].map((c, i) => (i % 5 === 4 ? c + INVISIBLE[(i / 5) % INVISIBLE.length | 0] : c)).join(''),
};

/** Where the echo appears: the reply the tenant sends (`charset` encodes a text body). */
interface Place {
  title: string;
  /** The client call that meets this reply. */
  call(c: IscClient): Promise<unknown>;
  /** Whether the call may resolve (a 2xx write whose words are redacted) rather than reject. */
  resolves: boolean;
  apply?: boolean;
  method: string;
  reply(text: string): EchoReply;
}

const PLACES: Place[] = [
  { title: 'a text/plain 500', method: 'GET', resolves: false, call: (c) => c.getConnectorSourceConfig({ scriptName: 'servicenow' }), reply: (t) => ({ status: 500, body: `Internal error: ${t}` }) },
  {
    title: 'a 400 ErrorResponseDto (messages, causes, detailCode, trackingId)', method: 'GET', resolves: false,
    call: (c) => c.getConnector({ scriptName: 'servicenow' }),
    reply: (t) => ({ status: 400, headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ detailCode: `400.1 ${t}`, trackingId: t, messages: [{ locale: 'en-US', localeOrigin: 'DEFAULT', text: `Bad: ${t}` }], causes: [{ text: t }] }) }),
  },
  { title: 'a 403 JSON `error`', method: 'GET', resolves: false, call: (c) => c.getConnector({ scriptName: 'servicenow' }), reply: (t) => ({ status: 403, headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ error: `denied for ${t}` }) }) },
  {
    title: 'a text/plain 500 in UTF-16LE (declared)', method: 'GET', resolves: false, call: (c) => c.getConnectorSourceConfig({ scriptName: 'servicenow' }),
    reply: (t) => ({ status: 500, headers: { 'Content-Type': 'text/plain; charset=utf-16le' }, body: Buffer.from(`Internal error: ${t}`, 'utf16le') }),
  },
  {
    title: 'a text/plain 500 in UTF-16LE (declared as UTF-8)', method: 'GET', resolves: false, call: (c) => c.getConnectorSourceConfig({ scriptName: 'servicenow' }),
    reply: (t) => ({ status: 500, headers: { 'Content-Type': 'text/plain; charset=utf-8' }, body: Buffer.from(`Internal error: ${t}`, 'utf16le') }),
  },
  {
    title: 'a 2xx PUT UpdateDetail UPDATED (applied)', method: 'PUT', resolves: true, apply: true,
    call: (c) => c.putConnectorSourceConfig({ scriptName: 'servicenow', file: '<Form/>' }),
    reply: (t) => ({ status: 200, headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ status: 'UPDATED', scriptName: 'servicenow', message: `stored by ${t}`, updatedFiles: [t] }) }),
  },
  {
    title: 'a 2xx PUT UpdateDetail SKIPPED', method: 'PUT', resolves: true,
    call: (c) => c.putConnectorSourceConfig({ scriptName: 'servicenow', file: '<Form/>' }),
    reply: (t) => ({ status: 200, headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ status: 'SKIPPED', scriptName: 'servicenow', message: `skipped: ${t}` }) }),
  },
  {
    title: 'a 2xx PUT UpdateDetail WARN (a status the client does not know)', method: 'PUT', resolves: true,
    call: (c) => c.putConnectorSourceConfig({ scriptName: 'servicenow', file: '<Form/>' }),
    reply: (t) => ({ status: 200, headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ status: 'WARN', scriptName: 'servicenow', message: `warning: ${t}` }) }),
  },
  {
    title: 'a 2xx PUT UpdateDetail ERROR', method: 'PUT', resolves: false,
    call: (c) => c.putConnectorSourceConfig({ scriptName: 'servicenow', file: '<Form/>' }),
    reply: (t) => ({ status: 200, headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ status: 'ERROR', scriptName: 'servicenow', message: `rejected: ${t}` }) }),
  },
  {
    title: 'a 2xx PATCH reply (applied)', method: 'PATCH', resolves: true, apply: true,
    call: (c) => c.updateConnector({ scriptName: 'servicenow', jsonPatchOperation: [{ op: 'replace', path: '/name', value: 'ServiceNow' }] }),
    reply: (t) => ({ status: 200, headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ name: 'ServiceNow', scriptName: 'servicenow', message: t, [`k ${t}`]: [t] }) }),
  },
  {
    title: 'a 2xx GET whose content quotes it', method: 'GET', resolves: false,
    call: (c) => c.getConnectorSourceConfig({ scriptName: 'servicenow' }),
    reply: (t) => ({ status: 200, headers: { 'Content-Type': 'application/xml' }, body: `<Form><Attribute name="x" value="${t}"/></Form>` }),
  },
];

/** Every text the call produced: the error (message, stack, cause chain, inspect, JSON) or the value, and the log. */
async function run(tenant: MockTenant, place: Place, echo: (ctx: EchoContext) => string): Promise<{ outputs: Array<{ where: string; text: string }>; sent: string[]; outcome: unknown; resolved: boolean }> {
  const log: string[] = [];
  const client = new IscClient(
    { baseUrl: tenant.url, clientId: tenant.clientId, clientSecret: tenant.clientSecret },
    { apiLayout: 'v2024', retryBaseDelayMs: 1, maxRetries: 0, logger: { request: (e) => log.push(JSON.stringify(e)), debug: (m) => log.push(m), warn: (m) => log.push(m) } },
  );
  const sent: string[] = [];
  tokensBefore = tenant.issuedTokens().length;
  try {
    await client.testConnection(); // a token first, so the echo can quote it
    tenant.faults.inject({
      kind: 'echo',
      apply: place.apply,
      render: (ctx) => {
        const r = place.reply(echo(ctx));
        sent.push(typeof r.body === 'string' ? r.body : `${r.body.toString('utf16le')}\n${r.body.toString('utf8')}`);
        return r;
      },
    }, { match: { method: place.method } });
    let outcome: unknown;
    let resolved = false;
    try {
      outcome = await place.call(client);
      resolved = true;
    } catch (e) {
      outcome = e;
    }
    const outputs = resolved
      ? [{ where: 'returned value', text: inspect(outcome, { depth: Infinity }) }, { where: 'returned JSON', text: JSON.stringify(outcome) }]
      : textsOfError(outcome);
    outputs.push(...log.map((text, i) => ({ where: `log line ${i}`, text })));
    return { outputs, sent, outcome, resolved };
  } finally {
    client.dispose();
    tenant.faults.clear();
  }
}

/** The client secret and the tokens issued for the latest run (each run's client gets its own). */
let tokensBefore = 0;
function secretsOf(tenant: MockTenant): NamedSecret[] {
  return [
    { label: 'client secret', value: tenant.clientSecret },
    ...tenant.issuedTokens().slice(tokensBefore).map((value, i) => ({ label: `access token #${tokensBefore + i + 1}`, value })),
  ];
}

describe('I5: an echoed secret or token, in any encoding and any place, never reaches an output (local tenant)', function () {
  this.timeout(60_000);
  let tenant: MockTenant;
  before(async () => {
    tenant = await startMockTenant({ rateLimit: false });
  });
  after(async () => {
    await tenant?.close();
  });

  const cases: Array<{ place: Place; name: string; encode: Encoding; which: 'client secret' | 'access token' }> = [];
  // Every encoding in two places (a text/plain 500, a 2xx PUT UpdateDetail), every place with two encodings; the
  // property below mixes them all.
  for (const [name, encode] of Object.entries(ENCODINGS)) {
    for (const place of [PLACES[0], PLACES[5]]) cases.push({ place, name, encode, which: 'client secret' });
    cases.push({ place: PLACES[1], name, encode, which: 'access token' });
  }
  for (const place of PLACES) {
    cases.push({ place, name: 'raw', encode: ENCODINGS.raw, which: 'access token' });
    cases.push({ place, name: 'split by line wrapping (every 7 characters)', encode: ENCODINGS['split by line wrapping (every 7 characters)'], which: 'client secret' });
  }
  for (const { place, name, encode, which } of cases) {
    it(`${place.title}: the ${which} ${name}`, async () => {
      const value = (ctx: EchoContext) => (which === 'client secret' ? ctx.clientSecret : (ctx.bearer ?? ''));
      const r = await run(tenant, place, (ctx) => encode(value(ctx), ctx));
      assert.equal(r.sent.length, 1, 'the tenant sent the echo');
      assert.ok(findSecrets(r.sent.map((text) => ({ where: 'sent', text })), secretsOf(tenant)).length > 0, 'the echo holds the secret as the scanner sees it');
      assert.equal(r.resolved, place.resolves, `resolved: ${r.resolved}, ${String(r.outcome)}`);
      if (!r.resolved) assert.ok(r.outcome instanceof IscApiError, String(r.outcome));
      const leaks = findSecrets(r.outputs, secretsOf(tenant));
      assert.deepEqual(leaks, [], `leaked: ${JSON.stringify(leaks)}`);
    });
  }

  it('a 2xx GET whose content quotes the secret is refused with a clear error that does not quote it', async () => {
    const r = await run(tenant, PLACES[PLACES.length - 1], (ctx) => ctx.clientSecret);
    assert.ok(r.outcome instanceof IscApiError);
    assert.equal(r.outcome.kind, 'invalidResponse');
    assert.match(r.outcome.message, /quotes this client's credentials/);
  });

  it('a 2xx PUT SKIPPED keeps the tenant\'s harmless words and loses the secret', async () => {
    const r = await run(tenant, PLACES.find((p) => p.title.includes('SKIPPED')) as Place, (ctx) => `secret ${ctx.clientSecret}`);
    assert.deepEqual(r.outcome, { status: 'SKIPPED', scriptName: 'servicenow', message: 'skipped: secret [redacted]' });
  });

  it('property: random echo shapes × encodings × places × secret/token → never found in any output', async () => {
    const encodings = Object.values(ENCODINGS);
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...PLACES),
        fc.array(fc.record({ enc: fc.nat(encodings.length - 1), token: fc.boolean() }), { minLength: 1, maxLength: 3 }),
        fc.string({ maxLength: 20 }),
        fc.string({ maxLength: 20 }),
        async (place, echoes, before, after) => {
          const r = await run(tenant, place, (ctx) => `${before}${echoes.map((e) => encodings[e.enc](e.token ? (ctx.bearer ?? '') : ctx.clientSecret, ctx)).join(' / ')}${after}`);
          const leaks = findSecrets(r.outputs, secretsOf(tenant));
          return leaks.length === 0 && (r.resolved || r.outcome instanceof IscApiError);
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe(`I5: a secret shorter than ${MIN_ENCODED_SECRET_LENGTH} characters is still redacted where it appears as is`, function () {
  it('a 7-character client secret echoed raw by a 500', async () => {
    const tenant = await startMockTenant({ clientSecret: 'Zq7#kP2' });
    try {
      const r = await run(tenant, PLACES[0], (ctx) => `the secret is ${ctx.clientSecret}.`);
      assert.ok(r.outcome instanceof IscApiError);
      assert.ok(!r.outputs.some((o) => o.text.includes('Zq7#kP2')), 'the short secret is not in any output');
      assert.match(r.outcome.message, /the secret is \[redacted\]\./);
    } finally {
      await tenant.close();
    }
  });
});

describe('I5: a non-ASCII secret echoed in a Latin-1 body', function () {
  it('declared as ISO-8859-1: decoded per charset, then redacted', async () => {
    const tenant = await startMockTenant({ clientSecret: 'sécret-ünïcode-0123456789abcdef' });
    try {
      const place: Place = { ...PLACES[0], reply: (t) => ({ status: 500, headers: { 'Content-Type': 'text/plain; charset=iso-8859-1' }, body: Buffer.from(`Internal error: ${t}`, 'latin1') }) };
      const r = await run(tenant, place, (ctx) => ctx.clientSecret);
      assert.ok(r.outcome instanceof IscApiError);
      assert.deepEqual(findSecrets(r.outputs, secretsOf(tenant)), []);
      assert.match(r.outcome.message, /Internal error: \[redacted\]/);
    } finally {
      await tenant.close();
    }
  });
});
