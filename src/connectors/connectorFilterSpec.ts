// The server-side filter of one tenant's connector list: criteria (at most one per field), and'ed together,
// turned into the `filters` query with the filter builder. Pure: no 'vscode' import (unit-tested).
import { ConnectorFilter, type ConnectorFilterExpression } from '../isc/filters';

export type ConnectorFilterCriterion =
  | { field: 'name'; op: 'startsWith' | 'contains'; value: string }
  | { field: 'type'; op: 'startsWith' | 'contains' | 'equals'; value: string }
  | { field: 'directConnect'; value: boolean }
  | { field: 'category'; value: string }
  | { field: 'features'; values: [string, ...string[]] }
  | { field: 'labels'; values: [string, ...string[]] };

export type ConnectorFilterField = ConnectorFilterCriterion['field'];

/** Criteria of a filter, one per field, in the order they were added. */
export type ConnectorFilterSpec = readonly ConnectorFilterCriterion[];

/** The spec with `criterion` added, replacing an earlier criterion on the same field. */
export function withCriterion(spec: ConnectorFilterSpec, criterion: ConnectorFilterCriterion): ConnectorFilterCriterion[] {
  return [...spec.filter((c) => c.field !== criterion.field), criterion];
}

function toExpression(c: ConnectorFilterCriterion): ConnectorFilterExpression {
  switch (c.field) {
    case 'name':
      return c.op === 'startsWith' ? ConnectorFilter.name.startsWith(c.value) : ConnectorFilter.name.contains(c.value);
    case 'type':
      if (c.op === 'startsWith') return ConnectorFilter.type.startsWith(c.value);
      return c.op === 'contains' ? ConnectorFilter.type.contains(c.value) : ConnectorFilter.type.equals(c.value);
    case 'directConnect':
      return ConnectorFilter.directConnect.equals(c.value);
    case 'category':
      return ConnectorFilter.category.equals(c.value);
    case 'features':
      return ConnectorFilter.features.containsAll(...c.values);
    case 'labels':
      return ConnectorFilter.labels.containsAll(...c.values);
  }
}

/** The `filters` query value, or undefined for no filter. */
export function toFiltersQuery(spec: ConnectorFilterSpec): string | undefined {
  if (spec.length === 0) return undefined;
  const [first, second, ...rest] = spec.map(toExpression);
  if (second === undefined) return first.toString();
  return ConnectorFilter.and(first, second, ...rest).toString();
}

/** Splits `A, B ,C` into feature names (upper-cased, empty ones dropped). */
export function parseFeatureList(text: string): string[] {
  return text
    .split(/[\s,]+/)
    .map((s) => s.trim().toUpperCase())
    .filter((s) => s.length > 0);
}

/** Splits `Cloud, On-Premise` into labels (as typed: labels may hold spaces; empty ones dropped). */
export function parseLabelList(text: string): string[] {
  return text
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
}
