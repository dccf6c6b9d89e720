// Which connector document a URI or file name is. The FileSystemProvider's URIs and the export layout both end
// in the tenant's file names: source-config.xml, correlation-config.xml, source-template.xml,
// translations/<locale>.properties.
import type { DocumentKind } from './connectorModel';

/** The kind a file name implies, or undefined when the name says nothing (the root element then decides). */
export function documentKindOfFileName(fileNameOrUri: string): DocumentKind | undefined {
  let path = fileNameOrUri.replace(/[?#].*$/, '');
  try {
    path = decodeURIComponent(path);
  } catch {
    // keep the raw path
  }
  path = path.replace(/\\/g, '/');
  const base = path.slice(path.lastIndexOf('/') + 1).toLowerCase();
  if (base === 'source-config.xml') return 'sourceConfig';
  if (base === 'correlation-config.xml' || base.endsWith('-correlation-config.xml')) return 'correlationConfig';
  if (base === 'source-template.xml') return 'sourceTemplate';
  if (base.endsWith('.properties')) return 'translations';
  return undefined;
}
