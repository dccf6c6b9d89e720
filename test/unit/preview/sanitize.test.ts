// Translation HTML in the preview: the allow-listed tags SailPoint's translations use (<br>, <strong>, …) are
// kept without attributes, everything else is dropped or escaped; parse5 (a WHATWG HTML parser) judges what a
// browser would build from the output.
import * as assert from 'assert';
import fc from 'fast-check';
import { BLOCK_TAGS, INLINE_TAGS, decodeEntities, escapeHtml, richTextToPlain, sanitizeRichText } from '../../../src/preview/html';
import { hostileText, parseBody, textOf } from './helpers';

describe('preview: translation HTML sanitizing', () => {
  it('keeps <br> and <strong> (the markup SailPoint translations carry) and decodes entities', () => {
    assert.strictEqual(sanitizeRichText('Enter the <strong>Host URL</strong>.<br><br>Then &amp; now'), 'Enter the <strong>Host URL</strong>.<br><br>Then &amp; now');
    assert.strictEqual(sanitizeRichText('a<BR/>b<Strong>c</STRONG>'), 'a<br>b<strong>c</strong>');
  });

  it('drops attributes of allowed tags and drops other tags, keeping their text', () => {
    assert.strictEqual(sanitizeRichText('<strong onclick="alert(1)" style="x">bold</strong>'), '<strong>bold</strong>');
    assert.strictEqual(sanitizeRichText('see <a href="javascript:alert(1)">the docs</a>'), 'see the docs');
    assert.strictEqual(sanitizeRichText('<img src=x onerror=alert(1)>pic'), 'pic');
  });

  it('drops script and style elements with their content', () => {
    assert.strictEqual(sanitizeRichText('a<script>alert(1)</script>b<style>p{}</style>c'), 'abc');
    assert.strictEqual(sanitizeRichText('a<script>alert(1)'), 'a', 'an unclosed script swallows the rest');
  });

  it('escapes stray angle brackets and quotes, and balances open tags', () => {
    assert.strictEqual(sanitizeRichText('1 < 2 > 0 "q" \'s\''), '1 &lt; 2 &gt; 0 &quot;q&quot; &#39;s&#39;');
    assert.strictEqual(sanitizeRichText('<strong>open'), '<strong>open</strong>');
    assert.strictEqual(sanitizeRichText('</em>stray<strong><em>x</strong>'), 'stray<strong><em>x</em></strong>');
  });

  it('keeps only inline tags in labels', () => {
    assert.strictEqual(sanitizeRichText('<p>a</p><ul><li>b</li></ul><br>', INLINE_TAGS), 'ab<br>');
    assert.strictEqual(sanitizeRichText('<p>a</p><ul><li>b</li></ul>', BLOCK_TAGS), '<p>a</p><ul><li>b</li></ul>');
  });

  it('decodes the entities translations use and leaves unknown ones as written', () => {
    assert.strictEqual(decodeEntities('&lt;&gt;&amp;&quot;&apos;&nbsp;&#233;&#xE9;&bogus;&#xD800;'), '<>&"\'\u00a0éé&bogus;&#xD800;');
    assert.strictEqual(richTextToPlain('Host <strong>URL</strong><br>&amp; "port"'), 'Host URL & "port"');
  });

  it('property: whatever a translation holds, a browser finds only allow-listed, attribute-less elements and no script', () => {
    fc.assert(fc.property(hostileText(), fc.boolean(), (source, block) => {
      const html = sanitizeRichText(source, block ? BLOCK_TAGS : INLINE_TAGS);
      const allowed = block ? BLOCK_TAGS : INLINE_TAGS;
      for (const element of parseBody(html)) {
        assert.ok(allowed.has(element.tagName), `<${element.tagName}> from ${JSON.stringify(source)} → ${html}`);
        assert.deepStrictEqual(element.attrs, [], `attributes on <${element.tagName}> from ${JSON.stringify(source)}`);
      }
    }), { numRuns: 2000, seed: 14 });
  });

  it('property: text without markup comes out exactly as written', () => {
    fc.assert(fc.property(fc.string({ maxLength: 40 }).filter((s) => !/[<&]/.test(s)), (plain) => {
      const nodes = parseBody(`<div>${sanitizeRichText(plain)}</div>`);
      assert.strictEqual(textOf(nodes[0]), plain.replace(/\r\n?/g, '\n'));
      assert.strictEqual(escapeHtml(plain).includes('<'), false);
    }), { numRuns: 500, seed: 14 });
  });
});
