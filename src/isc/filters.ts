// Typed builder for the `filters` query of `GET /connectors`. It offers only the fields and operators the
// endpoint supports (the v2024 spec's `filters` description of getConnectorList; the grammar is SailPoint's
// "standard collection parameters", https://developer.sailpoint.com/docs/api/standard-collection-parameters):
//   name: sw, co · type: sw, co, eq · directConnect: eq · category: eq · features: ca · labels: ca
// String values are double-quoted with `\"` and `\\` escapes; composite operands are parenthesised.
//
//   ConnectorFilter.and(ConnectorFilter.name.startsWith('Active'), ConnectorFilter.directConnect.equals(true)).toString()
//   → 'name sw "Active" and directConnect eq "true"'

/** A complete filter expression. Only `ConnectorFilter` creates them, so raw strings cannot be mixed in. */
export class ConnectorFilterExpression {
  /** @internal Use `ConnectorFilter`. */
  private constructor(
    private readonly text: string,
    /** 'and' / 'or' for composites (parenthesised when nested), 'atom' otherwise. */
    private readonly shape: 'atom' | 'and' | 'or',
  ) {}

  /** @internal */
  static create(text: string, shape: 'atom' | 'and' | 'or'): ConnectorFilterExpression {
    return new ConnectorFilterExpression(text, shape);
  }

  /** The expression as sent in `filters=` (URL encoding is the client's job). */
  toString(): string {
    return this.text;
  }

  /** The text to use as an operand of and/or/not. */
  operandText(parent: 'and' | 'or'): string {
    if (this.shape === 'atom') return this.text;
    if (parent === this.shape) return this.text; // a and (b and c) ≡ a and b and c
    return `(${this.text})`;
  }
}

/** Quotes a string literal for a filter: `"…"` with `\"` and `\\` escaped. */
export function quoteFilterValue(value: string): string {
  if (typeof value !== 'string') throw new TypeError(`A filter value must be a string, got ${typeof value}`);
  return `"${value.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}

const atom = (text: string) => ConnectorFilterExpression.create(text, 'atom');

function list(field: string, values: readonly string[]): ConnectorFilterExpression {
  if (values.length === 0) throw new RangeError(`${field} ca needs at least one value`);
  return atom(`${field} ca (${values.map(quoteFilterValue).join(',')})`);
}

type AtLeastTwo = [ConnectorFilterExpression, ConnectorFilterExpression, ...ConnectorFilterExpression[]];
type AtLeastOne<T> = [T, ...T[]];

function combine(op: 'and' | 'or', operands: readonly ConnectorFilterExpression[]): ConnectorFilterExpression {
  if (operands.length < 2) throw new RangeError(`${op} needs at least two operands`);
  for (const o of operands) {
    if (!(o instanceof ConnectorFilterExpression)) throw new TypeError(`${op}: operands must be ConnectorFilter expressions`);
  }
  return ConnectorFilterExpression.create(operands.map((o) => o.operandText(op)).join(` ${op} `), op);
}

/** The filterable fields of `GET /connectors` with exactly their supported operators. */
export const ConnectorFilter = {
  name: {
    /** `name sw "…"` */
    startsWith: (value: string) => atom(`name sw ${quoteFilterValue(value)}`),
    /** `name co "…"` */
    contains: (value: string) => atom(`name co ${quoteFilterValue(value)}`),
  },
  type: {
    startsWith: (value: string) => atom(`type sw ${quoteFilterValue(value)}`),
    contains: (value: string) => atom(`type co ${quoteFilterValue(value)}`),
    equals: (value: string) => atom(`type eq ${quoteFilterValue(value)}`),
  },
  directConnect: {
    /** `directConnect eq "true"` (quoted, as in the endpoint's spec example). */
    equals: (value: boolean) => {
      if (typeof value !== 'boolean') throw new TypeError('directConnect.equals takes a boolean');
      return atom(`directConnect eq ${quoteFilterValue(String(value))}`);
    },
  },
  category: {
    equals: (value: string) => atom(`category eq ${quoteFilterValue(value)}`),
  },
  features: {
    /** `features ca ("A","B")`: has all of the given features. */
    containsAll: (...values: AtLeastOne<string>) => list('features', values),
  },
  labels: {
    /** `labels ca ("A","B")`: has all of the given labels. */
    containsAll: (...values: AtLeastOne<string>) => list('labels', values),
  },
  and: (...operands: AtLeastTwo) => combine('and', operands),
  or: (...operands: AtLeastTwo) => combine('or', operands),
  not: (operand: ConnectorFilterExpression) => {
    if (!(operand instanceof ConnectorFilterExpression)) throw new TypeError('not: operand must be a ConnectorFilter expression');
    return atom(`not (${operand.toString()})`);
  },
} as const;
