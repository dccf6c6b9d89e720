import * as assert from 'node:assert/strict';
import type { Hover, MarkupContent } from 'vscode-languageserver';
import { getHover } from '../../../src/server/lsp/features';
import { fixture, URIS, withCursor } from './helpers';

function hoverAt(marked: string, uri: string, languageId?: string): { hover: Hover | null; covered: string; markdown: string } {
  const { document, position } = withCursor(marked, uri, languageId);
  const hover = getHover(document, position);
  return {
    hover,
    covered: hover?.range ? document.getText(hover.range) : '',
    markdown: hover ? (hover.contents as MarkupContent).value : '',
  };
}

describe('hover', () => {
  it('documents an element on its start and end tag names', () => {
    const start = hoverAt('<CorrelationConfig>\n\t<Attribute|Assignments>\n\t</AttributeAssignments>\n</CorrelationConfig>', URIS.correlationConfig);
    assert.equal(start.covered, 'AttributeAssignments');
    assert.match(start.markdown, /^\*\*<AttributeAssignments>\*\* \(correlation config\)/);
    assert.match(start.markdown, /first Filter that matches/);
    assert.match(start.markdown, /Children: `<Filter>`/);
    const end = hoverAt('<CorrelationConfig>\n\t<AttributeAssignments>\n\t</AttributeAssign|ments>\n</CorrelationConfig>', URIS.correlationConfig);
    assert.equal(end.covered, 'AttributeAssignments');
  });

  it('documents an attribute with its values', () => {
    const { covered, markdown } = hoverAt('<CorrelationConfig><AttributeAssignments><Filter opera|tion="EQ"/></AttributeAssignments></CorrelationConfig>', URIS.correlationConfig);
    assert.equal(covered, 'operation');
    assert.match(markdown, /^\*\*operation\*\* on `<Filter>`/);
    assert.match(markdown, /Values: `EQ`, `NE`/);
  });

  it('documents a Filter operation value', () => {
    const { covered, markdown } = hoverAt('<CorrelationConfig><AttributeAssignments><Filter operation="E|Q"/></AttributeAssignments></CorrelationConfig>', URIS.correlationConfig);
    assert.equal(covered, 'EQ');
    assert.match(markdown, /^\*\*EQ\*\*\n\nEqual/);
  });

  it('documents the feature under the cursor in featuresString', () => {
    const text = fixture('source-template.xml').replace('SYNC_PROVISIONING', 'SYNC_PROV|ISIONING');
    const { covered, markdown } = hoverAt(text, URIS.sourceTemplate);
    assert.equal(covered, 'SYNC_PROVISIONING');
    assert.match(markdown, /Provisioning completes synchronously/);
  });

  it('explains the form 2.0 requirement on the Form element', () => {
    assert.match(hoverAt('<Fo|rm/>', URIS.sourceConfig).markdown, /sailpoint_form_2_0\.xsd/);
  });

  it('has nothing to say about unknown elements, attributes and free text', () => {
    assert.equal(hoverAt('<Application><Ven|dor/></Application>', URIS.sourceTemplate).hover, null);
    assert.equal(hoverAt('<Application vendor|Flag="1"/>', URIS.sourceTemplate).hover, null);
    assert.equal(hoverAt('<Application name="cus|tom X"/>', URIS.sourceTemplate).hover, null);
  });

  it('shows the decoded value of a translation entry', () => {
    const { covered, markdown } = hoverAt('# x\nPage_Si|ze=Seitengr\\u00f6\\u00dfe\n', URIS.translations, 'isc-connector-properties');
    assert.equal(covered, 'Page_Size');
    assert.match(markdown, /Seitengröße/);
    const prefixed = hoverAt('sectionLabel_Auth|=Authentication\n', URIS.translations, 'isc-connector-properties');
    assert.match(prefixed.markdown, /Title of a section/);
  });
});
