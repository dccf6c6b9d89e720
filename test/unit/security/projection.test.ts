// The redactor's decoding projection (src/isc/redact.ts, src/isc/projection.ts): what it replaces and what it
// keeps, exactly — a match in the decoded, whitespace-free projection is replaced over the span of the original
// text it came from, and the words around it stay as the server wrote them.
import * as assert from 'node:assert/strict';
import { MIN_ENCODED_SECRET_LENGTH, Redactor } from '../../../src/isc/redact';

const SECRET = 'Zx9+q/Lm=Tr4-Secret_77';

function redactor(): Redactor {
  const r = new Redactor();
  r.addSecret(SECRET, 'client-id');
  return r;
}

const pct = (v: string) => [...Buffer.from(v, 'utf8')].map((b) => `%${b.toString(16).padStart(2, '0')}`).join('');

describe('redaction through the decoding projection', () => {
  const cases: Array<[string, string]> = [
    ['split by a line break and indentation', `${SECRET.slice(0, 6)}\r\n    ${SECRET.slice(6)}`],
    ['split by single spaces', SECRET.split('').join(' ')],
    ['percent-encoded, every character', pct(SECRET)],
    ['form-encoded in a body', `client_id=client-id&client_secret=${encodeURIComponent(SECRET)}&x=1`],
    ['JSON \\u escapes for every character', [...SECRET].map((c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`).join('')],
    ['HTML decimal references', [...SECRET].map((c) => `&#${c.charCodeAt(0)};`).join('')],
    ['HTML hex references, wrapped', [...SECRET].map((c) => `&#x${c.charCodeAt(0).toString(16)};`).join('\n')],
    ['JSON-escaped percent-encoding', pct(SECRET).replace(/%/g, '\\u0025')],
    ['Basic base64 of id:secret wrapped at 10 characters', `Basic ${Buffer.from(`client-id:${SECRET}`).toString('base64').replace(/(.{10})/g, '$1\n')}`],
  ];
  for (const [title, echo] of cases) {
    it(`${title}: replaced, the words around kept`, () => {
      const out = redactor().text(`Server said: ${echo} (request 42)`);
      assert.match(out, /^Server said: .*\[redacted\].* \(request 42\)$/s, out);
      assert.ok(!out.includes(SECRET.slice(0, 8)) && !out.includes(SECRET.slice(-8)), out);
    });
  }

  it('text without the secret is left exactly as it was', () => {
    const text = 'Invalid upload: element <Form> at line 3, %41%42 &amp; \\u0041 + spaces and\nlines — nothing secret';
    assert.equal(redactor().text(text), text);
  });

  it(`a secret shorter than ${MIN_ENCODED_SECRET_LENGTH} characters is replaced only where it appears as is`, () => {
    const r = new Redactor();
    r.addSecret('k3y!42');
    assert.equal(r.text('the key k3y!42 and k 3 y ! 4 2'), 'the key [redacted] and k 3 y ! 4 2');
  });

  it('contains() sees what text() would replace; containsInBytes() sees a UTF-16 echo', () => {
    const r = redactor();
    assert.ok(r.contains(`x ${pct(SECRET)} y`));
    assert.ok(!r.contains('nothing here'));
    assert.ok(r.containsInBytes(Buffer.from(`echo ${SECRET}`, 'utf16le')));
    assert.ok(!r.containsInBytes(Buffer.from('plain ascii body', 'utf8')));
  });
});

describe('redaction of a write reply (JSON)', () => {
  it('a long string is kept whole when it quotes nothing and replaced whole when it does (never cut)', () => {
    const r = redactor();
    const xml = `<Form>${'<Field name="x"/>'.repeat(10_000)}</Form>`;
    assert.deepEqual(r.json({ sourceConfigXml: xml, name: 'n' }), { sourceConfigXml: xml, name: 'n' });
    const quoting = `${xml.slice(0, 100_000)} ${SECRET}`;
    const out = r.json({ sourceConfigXml: quoting, message: `by ${SECRET}` });
    assert.match(out.sourceConfigXml, /^\[redacted\] \(a text of \d+ characters that quoted a credential\)$/);
    assert.equal(out.message, 'by [redacted]');
  });
});

describe('redaction of hex dumps, invisible characters and cut secrets', () => {
  const hex = (v: string) => Buffer.from(v, 'utf8').toString('hex');
  const cases: Array<[string, string]> = [
    ['hex, lower case', hex(SECRET)],
    ['hex, upper case, colon-separated', hex(SECRET).toUpperCase().replace(/(..)(?=.)/g, '$1:')],
    ['hex, spaced pairs wrapped over lines', hex(SECRET).replace(/(..)/g, '$1 ').replace(/((?:.. ){8})/g, '$1\n').trim()],
    ['\\xNN escapes', hex(SECRET).replace(/(..)/g, '\\x$1')],
    ['split by zero-width and other invisible characters', [...SECRET].join('\u200b').replace(/q/g, 'q\u2060\u00ad').replace(/L/g, '\ufeffL\u200d')],
    ['the first 16 characters (the shortest cut redacted)', SECRET.slice(0, 16)],
    ['the last 16 characters', SECRET.slice(-16)],
    ['the first 18 characters, percent-encoded', encodeURIComponent(SECRET.slice(0, 18))],
  ];
  for (const [title, echo] of cases) {
    it(`${title}: exactly that span replaced`, () => {
      assert.equal(redactor().text(`body: ${echo} =end`), 'body: [redacted] =end');
    });
  }

  it('hex after a stray hex digit (the other digit parity): the hex replaced, the stray digit kept', () => {
    assert.equal(redactor().text(`body: a${hex(SECRET)} =end`), 'body: a[redacted] =end');
  });

  it('a hex dump of a form body quoting the secret URL-encoded: the secret replaced, the field name kept', () => {
    const out = redactor().text(`dump ${hex(`client_secret=${encodeURIComponent(SECRET)}`)} =end`);
    assert.match(out, /^dump 636c69656e745f7365637265743d\[redacted\] =end$/, out);
  });

  it('a cut shorter than 16 characters (and than half the secret) is kept, as documented', () => {
    const r = redactor();
    assert.equal(r.text(`x ${SECRET.slice(0, 15)} y ${SECRET.slice(-15)}`), `x ${SECRET.slice(0, 15)} y ${SECRET.slice(-15)}`);
  });

  it('the client id is not redacted as a prefix of `clientId:secret`', () => {
    const r = new Redactor();
    r.addSecret(SECRET, 'client-id-0123456789abcdef');
    assert.equal(r.text('client client-id-0123456789abcdef failed'), 'client client-id-0123456789abcdef failed');
    assert.equal(r.text(`basic client-id-0123456789abcdef:${SECRET}`), 'basic [redacted]');
  });

  it('hex, invisible characters and cuts that are not the secret are left exactly as they were', () => {
    const text = 'trace 0123456789abcdef0123456789abcdef de:ad:be:ef:00:11:22:33 \\x41\\x42\\x43\\x44\\x45\\x46\\x47\\x48 soft\u00adhyphen zero\u200bwidth Zx9+q/Lm=Tr4-S';
    assert.equal(redactor().text(text), text);
    assert.ok(!redactor().contains(text));
  });

  it('contains() sees the hex, invisible and cut forms text() replaces', () => {
    const r = redactor();
    for (const [, echo] of cases) assert.ok(r.contains(`body: ${echo} =end`), echo);
  });
});
